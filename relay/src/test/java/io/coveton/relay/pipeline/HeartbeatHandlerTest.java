package io.coveton.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.relay.testing.TestNode;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Heartbeats on the pipeline as assembled, where the idle intervals are set: one period, three to reap. */
class HeartbeatHandlerTest {
  private final TestNode node = new TestNode();
  private final long period = TimeUnit.SECONDS.toMillis(node.config().relay().heartbeatSeconds());
  private final PipelineClient client =
      new PipelineClient(new RelayChannelInitializer(node.dependencies(), node.registry(), null));

  @BeforeEach
  void connectAndAuthenticate() {
    assertTrue(client.upgrade("/v1/relay").startsWith("HTTP/1.1 101 "));
    client.send(new JsonObject().put("type", "auth").put("accessToken", node.accessToken())
        .put("deviceId", TestNode.DEVICE_ID));
    assertEquals(List.of("ready", "synced"), PipelineClient.types(client.received()));
  }

  @AfterEach
  void closeNode() {
    node.close();
  }

  @Test
  void aSilentConnectionIsPingedEachPeriodAndClosedAfterThree() {
    assertPingsOnly(idle(2), 2);
    client.advance(period - 1, TimeUnit.MILLISECONDS);
    assertEquals(List.of(), client.received());
    assertTrue(client.server().isOpen());

    client.advance(1, TimeUnit.MILLISECONDS);
    assertClosedForSilence(client.received());
    assertEquals(0, node.registry().size());
    assertFalse(client.finish());
  }

  @Test
  void pongsAndFramesKeepAConnectionAliveAndSilenceCountsFromTheLastOne() {
    for (int round = 0; round < 5; round++) {
      assertPingsOnly(idle(2), 2);
      client.send(new PongWebSocketFrame());
      assertPingsOnly(idle(2), 2);
      client.send(new JsonObject().put("type", "ping"));
      assertEquals(List.of("pong"), PipelineClient.types(client.received()));
      assertTrue(client.server().isOpen());
    }

    assertPingsOnly(idle(2), 2);
    client.advance(period - 1, TimeUnit.MILLISECONDS);
    assertEquals(List.of(), client.received());
    assertTrue(client.server().isOpen());
    client.advance(1, TimeUnit.MILLISECONDS);
    assertClosedForSilence(client.received());
    assertFalse(client.finish());
  }

  /** Lets {@code periods} heartbeat periods pass, one at a time; answers what the server wrote. */
  private List<WebSocketFrame> idle(int periods) {
    List<WebSocketFrame> frames = new ArrayList<>();
    for (int i = 0; i < periods; i++) {
      client.advance(period, TimeUnit.MILLISECONDS);
      frames.addAll(client.received());
    }
    return frames;
  }

  /** Ends with a close (1001), preceded by nothing but pings; the connection is gone. */
  private void assertClosedForSilence(List<WebSocketFrame> frames) {
    assertFalse(frames.isEmpty());
    assertEquals(1001, PipelineClient.closeCode(frames.get(frames.size() - 1)));
    assertPingsOnly(frames.subList(0, frames.size() - 1), frames.size() - 1);
    assertFalse(client.server().isOpen());
  }

  private static void assertPingsOnly(List<WebSocketFrame> frames, int count) {
    try {
      assertEquals(count, frames.size());
      frames.forEach(frame -> assertInstanceOf(PingWebSocketFrame.class, frame));
    } finally {
      frames.forEach(WebSocketFrame::release);
    }
  }
}
