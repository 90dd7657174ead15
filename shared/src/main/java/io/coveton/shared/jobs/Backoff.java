package io.coveton.shared.jobs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays that double from {@code first} with each attempt, up to {@code max}, with up to a
 * quarter second of jitter so that retries failed together do not all return together.
 */
public record Backoff(Duration first, Duration max) {
  public Duration after(int attempt) {
    Duration delay = first.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 20))
        .plusMillis(ThreadLocalRandom.current().nextLong(250));
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
