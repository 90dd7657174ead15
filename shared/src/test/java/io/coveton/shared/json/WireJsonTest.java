package io.coveton.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireJsonTest {
  @Test
  void timestampsMatchThePatternFormatterToTheMillisecond() {
    assertEquals("2026-12-04T19:05:07.042Z", WireJson.timestamp(Instant.parse("2026-12-04T19:05:07.042999999Z")));
    assertEquals("1970-01-01T00:00:00.000Z", WireJson.timestamp(Instant.EPOCH));
    assertEquals("1969-12-31T23:59:59.999Z", WireJson.timestamp(Instant.parse("1969-12-31T23:59:59.999500Z")));
    assertEquals("0001-01-01T00:00:00.000Z", WireJson.timestamp(Instant.parse("0001-01-01T00:00:00Z")));
    assertEquals("9999-12-31T23:59:59.999Z", WireJson.timestamp(Instant.parse("9999-12-31T23:59:59.999Z")));
    assertEquals("2024-02-29T12:00:00.000Z", WireJson.timestamp(Instant.parse("2024-02-29T12:00:00Z")));
    assertNull(WireJson.timestamp(null));
    SplittableRandom random = new SplittableRandom(20261204);
    long first = Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(first, last), random.nextInt(1_000_000_000));
      assertEquals(WireJson.TIMESTAMP.format(instant), WireJson.timestamp(instant), instant::toString);
    }
  }
}
