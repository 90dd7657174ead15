package io.coveton.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.bench.BenchMain;
import io.coveton.bench.BenchOptions;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A few seconds of each harness scenario against a real node (and NATS), so that the harness cannot rot. */
class BenchSmokeTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_RELAY_FRAMES_PER_SECOND", "100000")
      .with("COVETON_RELAY_FRAME_BURST", "100000");

  @ParameterizedTest
  @ValueSource(strings = {"direct", "group", "idle", "reconnect-storm", "rest", "files"})
  void scenarioRunsCleanly(String scenario) throws Exception {
    BenchOptions options = new BenchOptions(scenario, List.of(server.api().baseUrl()), List.of(server.relayUrl()),
        6, 3, 5, 40, 2, 1, 2, 4, "both", "spread", null);
    JsonObject summary = BenchMain.run(options);
    assertEquals(new JsonObject(), summary.getJsonObject("errors"), summary.encodePrettily());
    assertEquals(0, summary.getLong("undelivered"), summary.encodePrettily());
    assertEquals(0, summary.getLong("connectFailures"), summary.encodePrettily());
    assertEquals(0, summary.getLong("outOfOrder"), summary.encodePrettily());
    switch (scenario) {
      case "direct", "group" -> {
        assertTrue(summary.getLong("acknowledged") > 20, summary.encodePrettily());
        long recipients = scenario.equals("group") ? 4 : 1;
        assertEquals(summary.getLong("acknowledged") * recipients, summary.getLong("delivered"));
        assertTrue(summary.getJsonObject("latencyMillis").getLong("samples") > 0);
        assertEquals(1024, summary.getInteger("payloadBytes"));
      }
      case "idle" -> assertEquals(6, summary.getLong("connections"));
      case "reconnect-storm" -> {
        assertEquals(18, summary.getLong("delivered"), summary.encodePrettily());
        assertTrue(summary.getDouble("replaySeconds") >= 0, summary.encodePrettily());
      }
      case "files" -> {
        assertTrue(summary.getLong("requests") > 20, summary.encodePrettily());
        assertTrue(summary.getJsonObject("latencyMillisByPlacement").getJsonObject("upload").getLong("samples") > 20,
            summary.encodePrettily());
      }
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

  /** Rate 0: each sender keeps its window full; nothing is lost or reordered. */
  @Test
  void fullWindowLoadDeliversEverythingInOrder() throws Exception {
    JsonObject summary = BenchMain.run(coveton("--scenario", "direct", "--pairs", "2", "--rate", "0",
        "--window", "8", "--payload-bytes", "300", "--warmup", "1", "--duration", "2"));
    assertEquals(0, summary.getLong("undelivered"), summary.encodePrettily());
    assertEquals(0, summary.getLong("outOfOrder"), summary.encodePrettily());
    assertEquals(summary.getLong("acknowledged"), summary.getLong("delivered"), summary.encodePrettily());
    assertEquals(300, summary.getInteger("payloadBytes"));
  }

  @Test
  void preloadLeavesPendingEnvelopesAndDeliveredHistory() throws Exception {
    JsonObject summary = BenchMain.run(coveton("--scenario", "preload", "--pending", "500", "--history", "200",
        "--pairs", "3"));
    assertEquals(new JsonObject(), summary.getJsonObject("errors"), summary.encodePrettily());
    assertEquals(0, summary.getLong("undelivered"), summary.encodePrettily());
    assertEquals(0, summary.getLong("outOfOrder"), summary.encodePrettily());
    assertTrue(summary.getLong("pendingEnvelopes") >= 500, summary.encodePrettily());
    assertEquals(99, summary.getLong("offlineDevices"), summary.encodePrettily());
    assertEquals(200, summary.getLong("historyMessages"), summary.encodePrettily());
  }

  /** The same scenarios against a nats-server of the test's own, started and stopped by the harness's script. */
  @Test
  void natsTargetDeliversDirectAndGroup() throws Exception {
    int clientPort = freePort();
    int webSocketPort = freePort();
    Path pidFile = Files.createTempFile("coveton-bench-nats", ".pid");
    Files.delete(pidFile);
    Map<String, String> env = Map.of("NATS_CLIENT_PORT", Integer.toString(clientPort),
        "NATS_WS_PORT", Integer.toString(webSocketPort), "NATS_PID_FILE", pidFile.toString());
    assertEquals(0, script(env, "start"), "bench/scripts/nats-server.sh start failed (see the output above)");
    try {
      for (String scenario : List.of("direct", "group")) {
        JsonObject summary = BenchMain.run(BenchOptions.parse("--target", "nats", "--scenario", scenario,
            "--nats", "ws://127.0.0.1:" + webSocketPort, "--pairs", "3", "--group-size", "5", "--rate", "200",
            "--warmup", "1", "--duration", "2"));
        assertEquals(new JsonObject(), summary.getJsonObject("errors"), summary.encodePrettily());
        assertEquals(0, summary.getLong("undelivered"), summary.encodePrettily());
        assertEquals(0, summary.getLong("outOfOrder"), summary.encodePrettily());
        assertTrue(summary.getLong("delivered") > 0, summary.encodePrettily());
        long recipients = scenario.equals("group") ? 4 : 1;
        assertEquals(summary.getLong("acknowledged") * recipients, summary.getLong("delivered"));
      }
    } finally {
      script(env, "stop");
    }
  }

  private static BenchOptions coveton(String... flags) {
    String[] all = new String[flags.length + 4];
    all[0] = "--rest";
    all[1] = server.api().baseUrl();
    all[2] = "--relay";
    all[3] = server.relayUrl();
    System.arraycopy(flags, 0, all, 4, flags.length);
    return BenchOptions.parse(all);
  }

  private static int script(Map<String, String> env, String action) throws Exception {
    Path script = Path.of("..", "bench", "scripts", "nats-server.sh");
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), action).inheritIO();
    builder.environment().putAll(env);
    Process process = builder.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "nats-server.sh " + action + " did not return");
    return process.exitValue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
