package io.coveton.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.bench.BenchMain;
import io.coveton.bench.BenchOptions;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A few seconds of each harness scenario against a real node, so that the harness cannot rot. */
class BenchSmokeTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_RELAY_FRAMES_PER_SECOND", "100000")
      .with("COVETON_RELAY_FRAME_BURST", "100000");

  @ParameterizedTest
  @ValueSource(strings = {"direct", "group", "idle", "reconnect-storm", "rest"})
  void scenarioRunsCleanly(String scenario) throws Exception {
    BenchOptions options = new BenchOptions(scenario, List.of(server.api().baseUrl()), List.of(server.relayUrl()),
        6, 3, 5, 40, 2, 1, 2, 4, "both", "spread", null);
    JsonObject summary = BenchMain.run(options);
    assertEquals(new JsonObject(), summary.getJsonObject("errors"), summary.encodePrettily());
    assertEquals(0, summary.getLong("undelivered"), summary.encodePrettily());
    assertEquals(0, summary.getLong("connectFailures"), summary.encodePrettily());
    switch (scenario) {
      case "direct", "group" -> {
        assertTrue(summary.getLong("acknowledged") > 20, summary.encodePrettily());
        long recipients = scenario.equals("group") ? 4 : 1;
        assertEquals(summary.getLong("acknowledged") * recipients, summary.getLong("delivered"));
        assertTrue(summary.getJsonObject("latencyMillis").getLong("samples") > 0);
      }
      case "idle" -> assertEquals(6, summary.getLong("connections"));
      case "reconnect-storm" -> assertEquals(18, summary.getLong("delivered"), summary.encodePrettily());
      default -> assertTrue(summary.getLong("requests") > 20, summary.encodePrettily());
    }
  }

  /** Two relay URLs (here the same node twice) and mixed placement: latency is reported per placement. */
  @Test
  void mixedPlacementReportsSameAndCrossNodeLatencyApart() throws Exception {
    BenchOptions options = new BenchOptions("direct", List.of(server.api().baseUrl()),
        List.of(server.relayUrl(), server.relayUrl()), 6, 4, 5, 40, 2, 1, 2, 4, "both", "mixed", null);
    JsonObject summary = BenchMain.run(options);
    assertEquals(0, summary.getLong("undelivered"), summary.encodePrettily());
    JsonObject byPlacement = summary.getJsonObject("latencyMillisByPlacement");
    assertEquals(java.util.Set.of("same-node", "cross-node"), byPlacement.fieldNames(), summary.encodePrettily());
    long samples = byPlacement.getJsonObject("same-node").getLong("samples")
        + byPlacement.getJsonObject("cross-node").getLong("samples");
    assertEquals(summary.getJsonObject("latencyMillis").getLong("samples"), samples);
    assertTrue(byPlacement.getJsonObject("cross-node").getLong("samples") > 0, summary.encodePrettily());
  }
}
