package io.coveton.shared.cluster;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Fixed-window counters shared by every node of the cluster, for rate limits and brute-force
 * throttles. A window's counter is a key of its own that expires with the window.
 */
public interface RateCounters {

  /** Adds one to {@code key} in the window containing now and answers the count after it. */
  Future<WindowCount> increment(String key, Duration window);

  /** The count of {@code key} in the window containing now, without adding to it. */
  Future<WindowCount> peek(String key, Duration window);

  /**
   * Takes back one that {@link #increment} added to the window it answered (identified by its end),
   * never below zero; nothing once that window is over.
   */
  Future<Void> giveBack(String key, Duration window, WindowCount counted);

  /** A count within one window, with the epoch second at which that window ends. */
  record WindowCount(long count, long resetEpochSecond) {
    public long secondsUntilReset() {
      return Math.max(1, resetEpochSecond - System.currentTimeMillis() / 1000);
    }
  }

  /** The window containing {@code nowMillis}: its key suffix and its end. */
  static long windowIndex(long nowMillis, Duration window) {
    return nowMillis / window.toMillis();
  }

  /** The window that ends at {@code endEpochSecond}. */
  static long windowIndexEndingAt(long endEpochSecond, Duration window) {
    return endEpochSecond * 1000 / window.toMillis() - 1;
  }

  static long windowEndEpochSecond(long nowMillis, Duration window) {
    return (windowIndex(nowMillis, window) + 1) * window.toMillis() / 1000;
  }
}
