package io.coveton.bench;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per (sender, recipient) stream, tells a message's first receipt from a redelivery, and flags first
 * receipts whose order key is below one the recipient already has from that sender (out of order).
 *
 * <p>Memory per stream is bounded: it remembers only the {@code remembered} highest keys received (the
 * highest of all among them). A key below all of them is taken for a redelivery: a message that far
 * behind the newest could only be a first receipt if the server had lost track of it, and then the
 * run's {@code undelivered} count, which is kept from first receipts, would already not reach 0.
 */
final class DeliveryOrder<K extends Comparable<K>> {
  /** What one receipt was. */
  enum Receipt { IN_ORDER, OUT_OF_ORDER, DUPLICATE }

  private final int remembered;
  /** Recipient, then sender: a device reconnecting keeps its streams. */
  private final Map<String, Map<String, TreeSet<K>>> streams = new ConcurrentHashMap<>();

  DeliveryOrder(int remembered) {
    this.remembered = remembered;
  }

  /** Enough to tell redeliveries apart while at most {@code window} sends per sender are unanswered. */
  static <K extends Comparable<K>> DeliveryOrder<K> forWindow(int window) {
    return new DeliveryOrder<>(Math.max(256, 4 * window));
  }

  Receipt receive(String recipient, String sender, K key) {
    TreeSet<K> recent = streams.computeIfAbsent(recipient, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(sender, s -> new TreeSet<>());
    // one stream is fed by one connection at a time, so this lock is uncontended but for reconnects
    synchronized (recent) {
      if (recent.contains(key) || recent.size() >= remembered && key.compareTo(recent.first()) < 0) {
        return Receipt.DUPLICATE;
      }
      boolean late = !recent.isEmpty() && key.compareTo(recent.last()) < 0;
      recent.add(key);
      if (recent.size() > remembered) {
        recent.pollFirst();
      }
      return late ? Receipt.OUT_OF_ORDER : Receipt.IN_ORDER;
    }
  }
}
