package io.coveton.shared.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rate counters held in a Hazelcast map, so that every node of a cluster counts against one budget.
 * The increment runs as an entry processor on the key's owner: one network hop, atomic.
 */
public final class HazelcastRateCounters implements RateCounters {
  public static final String MAP_NAME = "coveton.rate-counters";
  private final IMap<String, Long> counters;
  private final Vertx vertx;

  public HazelcastRateCounters(HazelcastInstance hazelcast, Vertx vertx) {
    this.counters = hazelcast.getMap(MAP_NAME);
    this.vertx = vertx;
  }

  @Override
  public Future<WindowCount> increment(String key, Duration window) {
    long now = System.currentTimeMillis();
    long end = RateCounters.windowEndEpochSecond(now, window);
    String windowKey = key + "@" + RateCounters.windowIndex(now, window);
    long ttlSeconds = window.toSeconds() + 5;
    return HazelcastFutures.onContext(counters.submitToKey(windowKey, new Increment(ttlSeconds)),
            vertx.getOrCreateContext())
        .map(value -> new WindowCount(value, end));
  }

  @Override
  public Future<WindowCount> peek(String key, Duration window) {
    long now = System.currentTimeMillis();
    long end = RateCounters.windowEndEpochSecond(now, window);
    String windowKey = key + "@" + RateCounters.windowIndex(now, window);
    return HazelcastFutures.onContext(counters.getAsync(windowKey), vertx.getOrCreateContext())
        .map(value -> new WindowCount(value == null ? 0 : value, end));
  }

  @Override
  public Future<Void> giveBack(String key, Duration window, WindowCount counted) {
    String windowKey = key + "@" + RateCounters.windowIndexEndingAt(counted.resetEpochSecond(), window);
    return HazelcastFutures.onContext(counters.submitToKey(windowKey, new TakeBack()), vertx.getOrCreateContext())
        .mapEmpty();
  }

  /** Takes one back from an existing entry, never below zero, keeping its expiry. */
  static final class TakeBack implements EntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      Long current = entry.getValue();
      if (current == null) {
        return 0L;
      }
      long next = Math.max(0, current - 1);
      if (entry instanceof ExtendedMapEntry<String, Long> extended) {
        extended.setValueWithoutChangingExpiryTime(next);
      } else {
        entry.setValue(next);
      }
      return next;
    }
  }

  /** Adds one, setting the entry's time to live when it is created. */
  static final class Increment implements EntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;

    Increment(long ttlSeconds) {
      this.ttlSeconds = ttlSeconds;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      Long current = entry.getValue();
      long next = current == null ? 1 : current + 1;
      if (current == null && entry instanceof ExtendedMapEntry<String, Long> extended) {
        extended.setValue(next, ttlSeconds, TimeUnit.SECONDS);
      } else if (entry instanceof ExtendedMapEntry<String, Long> extended) {
        extended.setValueWithoutChangingExpiryTime(next);
      } else {
        entry.setValue(next);
      }
      return next;
    }
  }
}
