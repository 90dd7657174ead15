package io.coveton.server.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;

/** Rate budgets are per calendar minute: tests that count requests start well inside one. */
public final class RateWindows {
  private RateWindows() {}

  public static void awaitEarlyInMinute() {
    await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(200))
        .until(() -> LocalTime.now().getSecond() < 40);
  }
}
