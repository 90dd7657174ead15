package io.coveton.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.relay.testing.TestNode;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayChannelInitializerTest {
  private final TestNode node = new TestNode();
  private final RelayChannelInitializer initializer =
      new RelayChannelInitializer(node.dependencies(), node.registry(), null);

  @AfterEach
  void closeNode() {
    node.close();
  }

  @Test
  void relayUpgradeThenAuthFrameGetsReadySyncedAndPong() {
    PipelineClient client = new PipelineClient(initializer);
    assertTrue(client.upgrade("/v1/relay").startsWith("HTTP/1.1 101 Switching Protocols"));
    client.send(new JsonObject().put("type", "auth").put("accessToken", node.accessToken())
        .put("deviceId", TestNode.DEVICE_ID));
    client.send(new JsonObject().put("type", "ping"));
    assertEquals(List.of("ready", "synced", "pong"), PipelineClient.types(client.received()));
    assertTrue(client.server().isOpen());
    assertFalse(client.finish());
  }

  @Test
  void upgradeHeadersAuthenticateAndReadyFollowsTheSwitch() {
    PipelineClient client = new PipelineClient(initializer);
    assertTrue(client.upgrade("/v1/relay", "Authorization: Bearer " + node.accessToken(),
        "X-Device-Id: " + TestNode.DEVICE_ID).startsWith("HTTP/1.1 101 Switching Protocols"));
    assertEquals(List.of("ready", "synced"), PipelineClient.types(client.received()));
    assertFalse(client.finish());
  }

  @Test
  void aRelayUrlWithAQueryStringUpgradesToo() {
    PipelineClient client = new PipelineClient(initializer);
    assertTrue(client.upgrade("/v1/relay?v=1").startsWith("HTTP/1.1 101 Switching Protocols"));
    client.send(new JsonObject().put("type", "auth").put("accessToken", node.accessToken())
        .put("deviceId", TestNode.DEVICE_ID));
    assertEquals(List.of("ready", "synced"), PipelineClient.types(client.received()));
    assertFalse(client.finish());
  }

  @Test
  void aConnectionThatDoesNotCompleteItsUpgradeWithinTheHeaderTimeoutIsClosedTrickleOrNot() {
    long timeout = node.config().transport().headerTimeout().toMillis();
    PipelineClient silent = new PipelineClient(initializer);
    silent.advance(timeout - 1, TimeUnit.MILLISECONDS);
    assertTrue(silent.server().isOpen());
    silent.advance(1, TimeUnit.MILLISECONDS);
    assertFalse(silent.server().isOpen(), "a connection that never sends a byte");
    silent.finish();

    PipelineClient trickling = new PipelineClient(initializer);
    for (long waited = 0; waited < timeout; waited += 500) {
      trickling.server().writeInbound(io.netty.buffer.Unpooled.copiedBuffer("G", java.nio.charset.StandardCharsets.US_ASCII));
      trickling.advance(500, TimeUnit.MILLISECONDS);
    }
    assertFalse(trickling.server().isOpen(), "a connection dripping its request line");
    trickling.finish();

    PipelineClient upgraded = new PipelineClient(initializer);
    assertTrue(upgraded.upgrade("/v1/relay").startsWith("HTTP/1.1 101 "));
    upgraded.send(new JsonObject().put("type", "auth").put("accessToken", node.accessToken())
        .put("deviceId", TestNode.DEVICE_ID));
    assertEquals(List.of("ready", "synced"), PipelineClient.types(upgraded.received()));
    upgraded.advance(timeout * 2, TimeUnit.MILLISECONDS);
    assertTrue(upgraded.server().isOpen(), "the deadline ends with the upgrade");
    assertFalse(upgraded.finish());
  }

  @Test
  void anUnauthenticatedUpgradeIsClosed4408AfterTheAuthTimeout() {
    PipelineClient client = new PipelineClient(initializer);
    assertTrue(client.upgrade("/v1/relay").startsWith("HTTP/1.1 101 "));
    client.advance(node.config().relay().authTimeout().toMillis() - 1, TimeUnit.MILLISECONDS);
    assertEquals(List.of(), client.received());
    assertTrue(client.server().isOpen());

    client.advance(1, TimeUnit.MILLISECONDS);
    List<WebSocketFrame> frames = client.received();
    assertEquals(1, frames.size());
    assertEquals(4408, PipelineClient.closeCode(frames.get(0)));
    assertFalse(client.server().isOpen());
    assertFalse(client.finish());
  }

  @Test
  void theGateAnswersOtherPathsBeforeAnyUpgrade() {
    PipelineClient client = new PipelineClient(initializer);
    String response = client.upgrade("/v1/chats");
    assertTrue(response.startsWith("HTTP/1.1 404 Not Found"), response);
    assertTrue(response.endsWith("{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"No such resource.\"}}"), response);
    assertFalse(client.server().isOpen());
    assertFalse(client.finish());
  }
}
