package io.coveton.shared.cluster;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Rate counters of a node that runs alone, with no cluster to share them with. */
public final class LocalRateCounters implements RateCounters {
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicLong operations = new AtomicLong();

  @Override
  public Future<WindowCount> increment(String key, Duration window) {
    return Future.succeededFuture(count(key, window, 1));
  }

  @Override
  public Future<WindowCount> peek(String key, Duration window) {
    return Future.succeededFuture(count(key, window, 0));
  }

  @Override
  public Future<Void> giveBack(String key, Duration window, WindowCount counted) {
    Counter counter = counters.get(key + "@" + RateCounters.windowIndexEndingAt(counted.resetEpochSecond(), window));
    if (counter != null) {
      counter.value.updateAndGet(value -> Math.max(0, value - 1));
    }
    return Future.succeededFuture();
  }

  private WindowCount count(String key, Duration window, int delta) {
    long now = System.currentTimeMillis();
    long end = RateCounters.windowEndEpochSecond(now, window);
    String windowKey = key + "@" + RateCounters.windowIndex(now, window);
    if (operations.incrementAndGet() % 4096 == 0) {
      counters.values().removeIf(counter -> counter.endEpochSecond < now / 1000);
    }
    long value = delta == 0
        ? counters.getOrDefault(windowKey, new Counter(end)).value.get()
        : counters.computeIfAbsent(windowKey, k -> new Counter(end)).value.addAndGet(delta);
    return new WindowCount(value, end);
  }

  private static final class Counter {
    final long endEpochSecond;
    final AtomicLong value = new AtomicLong();

    Counter(long endEpochSecond) {
      this.endEpochSecond = endEpochSecond;
    }
  }
}
