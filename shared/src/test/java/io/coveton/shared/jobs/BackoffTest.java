package io.coveton.shared.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1));

  @Test
  void doublesFromTheFirstDelayWithUnderAQuarterSecondOfJitterAndStopsAtTheMaximum() {
    for (int attempt = 1; attempt <= 6; attempt++) {
      long expected = 5_000L << (attempt - 1);
      long millis = backoff.after(attempt).toMillis();
      assertTrue(millis >= expected && millis < expected + 250, attempt + ": " + millis);
    }
    assertEquals(Duration.ofHours(1), backoff.after(11));
    assertEquals(Duration.ofHours(1), backoff.after(1_000));
  }
}
