package io.coveton.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.relay.session.DeviceConnection;
import io.coveton.relay.testing.TestNode;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthHandlerTest {
  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
  private static final int HEARTBEAT_SECONDS = 30;
  private final TestNode node = new TestNode();

  @AfterEach
  void closeNode() {
    node.close();
  }

  @Test
  void validFirstAuthFrameIsAnsweredWithReadyThenSynced() {
    EmbeddedChannel channel = connected();
    channel.writeInbound(authFrame(node.accessToken(), TestNode.DEVICE_ID));

    JsonObject ready = readJson(channel);
    assertEquals("ready", ready.getString("type"));
    assertEquals(TestNode.DEVICE_ID, ready.getString("deviceId"));
    assertEquals(TestNode.NODE_ID, ready.getString("node"));
    assertEquals(HEARTBEAT_SECONDS, ready.getInteger("heartbeatSeconds"));
    assertTrue(ready.getString("connectionId").startsWith("conn_"));
    // the mailbox is empty: synced follows at once
    assertEquals("synced", readJson(channel).getString("type"));
    assertNull(channel.readOutbound());

    DeviceConnection connection = channel.attr(RelayHandler.CONNECTION).get();
    assertNotNull(connection);
    assertEquals(TestNode.USER_ID, connection.userId());
    assertEquals(TestNode.SESSION_ID, connection.sessionId());
    assertEquals(ready.getString("connectionId"), connection.location().connectionId);
    assertEquals(1, node.registry().size());
    assertNull(channel.pipeline().get(AuthHandler.class));
    assertTrue(channel.isOpen());
    assertFalse(channel.finish());
  }

  @Test
  void authFrameThatFailsAuthenticationCloses4401() {
    node.database().activeDevice("usr_00000000000000000000000002", "ses_00000000000000000000000002",
        "dev_00000000000000000000000002");
    String[][] attempts = {
        {"not-a-token", TestNode.DEVICE_ID},
        {node.accessToken(), "dev_00000000000000000000000009"},
        // an active device, but another user's
        {node.accessToken(), "dev_00000000000000000000000002"},
        {node.accessToken(), "not-a-device-id"},
    };
    for (String[] attempt : attempts) {
      EmbeddedChannel channel = connected();
      channel.writeInbound(authFrame(attempt[0], attempt[1]));
      assertClosedWith(channel, 4401);
      assertNull(channel.attr(RelayHandler.CONNECTION).get());
      assertFalse(channel.finish());
    }
    assertEquals(0, node.registry().size());
  }

  @Test
  void firstFrameOtherThanAuthCloses4401WithoutAuthenticating() {
    JsonObject[] firstFrames = {
        new JsonObject().put("type", "ping"),
        new JsonObject().put("type", "ack").put("ids", new JsonArray()),
        new JsonObject().put("type", "auth").put("accessToken", node.accessToken()),
        new JsonObject().put("type", "auth").put("deviceId", TestNode.DEVICE_ID),
        new JsonObject().put("type", "auth").put("accessToken", 42).put("deviceId", TestNode.DEVICE_ID),
    };
    for (JsonObject first : firstFrames) {
      EmbeddedChannel channel = connected();
      channel.writeInbound(first);
      assertClosedWith(channel, 4401);
      assertNull(channel.readInbound());
      assertFalse(channel.finish());
    }
    assertEquals(0, node.database().statements().size());
  }

  @Test
  void noAuthenticationWithinTenSecondsCloses4408() {
    EmbeddedChannel channel = new EmbeddedChannel(authHandler());
    channel.freezeTime();
    channel.pipeline().fireUserEventTriggered(handshake(new DefaultHttpHeaders()));

    channel.advanceTimeBy(AUTH_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());

    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertClosedWith(channel, 4408);
    assertFalse(channel.finish());
  }

  @Test
  void authFrameInTimeCancelsTheDeadline() {
    EmbeddedChannel channel = new EmbeddedChannel(authHandler());
    channel.freezeTime();
    channel.pipeline().fireUserEventTriggered(handshake(new DefaultHttpHeaders()));
    channel.advanceTimeBy(AUTH_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    channel.writeInbound(authFrame(node.accessToken(), TestNode.DEVICE_ID));
    assertEquals("ready", readJson(channel).getString("type"));
    assertEquals("synced", readJson(channel).getString("type"));

    channel.advanceTimeBy(AUTH_TIMEOUT.toMillis() * 6, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());
    assertFalse(channel.finish());
  }

  @Test
  void upgradeHeadersAuthenticateWithoutAnAuthFrameOrDeadline() {
    EmbeddedChannel channel = new EmbeddedChannel(authHandler());
    channel.freezeTime();
    channel.pipeline().fireUserEventTriggered(handshake(new DefaultHttpHeaders()
        .set("Authorization", "Bearer " + node.accessToken()).set("X-Device-Id", TestNode.DEVICE_ID)));
    channel.runPendingTasks();
    assertEquals("ready", readJson(channel).getString("type"));
    assertEquals("synced", readJson(channel).getString("type"));

    channel.advanceTimeBy(AUTH_TIMEOUT.toMillis() * 6, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());
    assertNull(channel.pipeline().get(AuthHandler.class));
    assertFalse(channel.finish());
  }

  @Test
  void framesSentWhileAuthenticatingAreHandedOnAfterReadyInOrder() {
    EmbeddedChannel channel = connected();
    node.database().hold();
    channel.writeInbound(authFrame(node.accessToken(), TestNode.DEVICE_ID));
    channel.writeInbound(new JsonObject().put("type", "ping").put("n", 1));
    channel.writeInbound(new JsonObject().put("type", "typing").put("n", 2));
    assertNull(channel.readInbound());
    assertNull(channel.readOutbound());

    node.database().release();
    channel.runPendingTasks();
    assertEquals("ready", readJson(channel).getString("type"));
    assertEquals(1, ((JsonObject) channel.readInbound()).getInteger("n"));
    assertEquals(2, ((JsonObject) channel.readInbound()).getInteger("n"));
    assertNull(channel.readInbound());
    assertEquals("synced", readJson(channel).getString("type"));
    assertFalse(channel.finish());
  }

  @Test
  void thirtyTwoFramesMayWaitForReadyAndTheThirtyThirdCloses4429() {
    // the session lookup is in progress while the frames arrive
    node.database().hold();
    EmbeddedChannel patient = connected();
    patient.writeInbound(framesAfterAuth(32));
    assertNull(patient.readOutbound());
    node.database().release();
    patient.runPendingTasks();
    assertEquals("ready", readJson(patient).getString("type"));
    for (int i = 0; i < 32; i++) {
      assertEquals(i, ((JsonObject) patient.readInbound()).getInteger("n"));
    }
    assertEquals("synced", readJson(patient).getString("type"));
    assertTrue(patient.isOpen());
    assertFalse(patient.finish());

    node.database().hold();
    EmbeddedChannel eager = connected();
    eager.writeInbound(framesAfterAuth(33));
    assertClosedWith(eager, 4429);
    assertNull(eager.readInbound());
    assertFalse(eager.finish());
  }

  private Object[] framesAfterAuth(int count) {
    Object[] frames = new Object[count + 1];
    frames[0] = authFrame(node.accessToken(), TestNode.DEVICE_ID);
    for (int i = 0; i < count; i++) {
      frames[i + 1] = new JsonObject().put("type", "ping").put("n", i);
    }
    return frames;
  }

  private AuthHandler authHandler() {
    return new AuthHandler(node.authentication(), node.registry(),
        new RelayInfo(TestNode.NODE_ID, HEARTBEAT_SECONDS, AUTH_TIMEOUT));
  }

  /** Upgraded without credentials in the headers: the first frame must authenticate. */
  private EmbeddedChannel connected() {
    EmbeddedChannel channel = new EmbeddedChannel(authHandler());
    channel.pipeline().fireUserEventTriggered(handshake(new DefaultHttpHeaders()));
    return channel;
  }

  private static HandshakeComplete handshake(HttpHeaders headers) {
    return new HandshakeComplete(HandshakeGate.PATH, headers, null);
  }

  private static JsonObject authFrame(String token, String deviceId) {
    return new JsonObject().put("type", "auth").put("accessToken", token).put("deviceId", deviceId);
  }

  private static JsonObject readJson(EmbeddedChannel channel) {
    TextWebSocketFrame frame = assertInstanceOf(TextWebSocketFrame.class, channel.readOutbound());
    try {
      return new JsonObject(frame.text());
    } finally {
      frame.release();
    }
  }

  private static void assertClosedWith(EmbeddedChannel channel, int code) {
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
    assertEquals(code, close.statusCode());
    close.release();
    assertNull(channel.readOutbound());
    assertFalse(channel.isOpen());
  }
}
