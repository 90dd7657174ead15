package io.coveton.shared.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections of one port per peer address, so that one client cannot hold every file
 * descriptor of the node. Trusted proxies are exempt: every connection through them has their
 * address. Thread-safe: connections open and close on every event loop.
 */
public final class ConnectionsPerAddress {
  private final int maxPerAddress;
  private final AddressBlocks exempt;
  private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

  /** {@code maxPerAddress} 0 means no cap. */
  public ConnectionsPerAddress(int maxPerAddress, AddressBlocks exempt) {
    this.maxPerAddress = maxPerAddress;
    this.exempt = exempt;
  }

  /** Counts a new connection from {@code peer}; false (and nothing counted) when it is one too many. */
  public boolean tryOpen(InetAddress peer) {
    if (maxPerAddress == 0 || peer == null || exempt.contains(peer)) {
      return true;
    }
    boolean[] admitted = new boolean[1];
    open.compute(peer, (address, count) -> {
      AtomicInteger current = count == null ? new AtomicInteger() : count;
      admitted[0] = current.get() < maxPerAddress;
      if (admitted[0]) {
        current.incrementAndGet();
      }
      return current.get() == 0 ? null : current;
    });
    return admitted[0];
  }

  /** A connection that {@link #tryOpen} admitted has closed. */
  public void closed(InetAddress peer) {
    if (maxPerAddress == 0 || peer == null || exempt.contains(peer)) {
      return;
    }
    open.computeIfPresent(peer, (address, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  public int openFrom(InetAddress peer) {
    AtomicInteger count = open.get(peer);
    return count == null ? 0 : count.get();
  }
}
