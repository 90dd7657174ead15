package io.coveton.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeGateTest {
  private static final String APP_ORIGIN = "https://app.coveton.test";

  @Test
  void relayUpgradeWithoutOriginPassesUntouched() {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeGate(List.of(APP_ORIGIN)));
    FullHttpRequest request = upgrade("/v1/relay");
    channel.writeInbound(request);
    assertSame(request, channel.readInbound());
    assertEquals(1, request.refCnt());
    request.release();
    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());
    assertFalse(channel.finish());
  }

  @Test
  void relayUpgradeFromAnAllowedOriginPasses() {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeGate(List.of("https://other.test", APP_ORIGIN)));
    FullHttpRequest request = upgrade("/v1/relay");
    request.headers().set(HttpHeaderNames.ORIGIN, APP_ORIGIN);
    channel.writeInbound(request);
    assertSame(request, channel.readInbound());
    request.release();
    assertNull(channel.readOutbound());
    assertFalse(channel.finish());
  }

  @Test
  void anyOriginPassesWhenNoAllowlistIsConfigured() {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeGate(List.of()));
    FullHttpRequest request = upgrade("/v1/relay");
    request.headers().set(HttpHeaderNames.ORIGIN, "https://anywhere.test");
    channel.writeInbound(request);
    assertSame(request, channel.readInbound());
    request.release();
    assertFalse(channel.finish());
  }

  @Test
  void upgradesOfOtherPathsAreRefused404AndClosed() {
    for (String path : new String[] {"/", "/v1/relays", "/v1/relay/extra", "/v2/relay", "/v1/messages"}) {
      EmbeddedChannel channel = new EmbeddedChannel(new HandshakeGate(List.of()));
      FullHttpRequest request = upgrade(path);
      channel.writeInbound(request);
      assertRefused(channel, HttpResponseStatus.NOT_FOUND, "NOT_FOUND");
      assertEquals(0, request.refCnt(), path);
    }
  }

  @Test
  void upgradeFromAnOriginOutsideTheAllowlistIsRefused403AndClosed() {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeGate(List.of(APP_ORIGIN)));
    FullHttpRequest request = upgrade("/v1/relay");
    request.headers().set(HttpHeaderNames.ORIGIN, "https://evil.test");
    channel.writeInbound(request);
    assertRefused(channel, HttpResponseStatus.FORBIDDEN, "FORBIDDEN");
    assertEquals(0, request.refCnt());
  }

  @Test
  void relayRequestsThatAreNotWebSocketUpgradesAreRefused400AndClosed() {
    for (String upgradeHeader : new String[] {null, "h2c", ""}) {
      EmbeddedChannel channel = new EmbeddedChannel(new HandshakeGate(List.of()));
      FullHttpRequest request = upgrade("/v1/relay");
      if (upgradeHeader == null) {
        request.headers().remove(HttpHeaderNames.UPGRADE);
      } else {
        request.headers().set(HttpHeaderNames.UPGRADE, upgradeHeader);
      }
      channel.writeInbound(request);
      assertRefused(channel, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST");
      assertEquals(0, request.refCnt());
    }
  }

  @Test
  void theUpgradeHeaderIsMatchedCaseInsensitively() {
    EmbeddedChannel channel = new EmbeddedChannel(new HandshakeGate(List.of()));
    FullHttpRequest request = upgrade("/v1/relay");
    request.headers().set(HttpHeaderNames.UPGRADE, "WebSocket");
    channel.writeInbound(request);
    assertSame(request, channel.readInbound());
    request.release();
    assertFalse(channel.finish());
  }

  private static FullHttpRequest upgrade(String uri) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    request.headers().set(HttpHeaderNames.HOST, "relay.coveton.test")
        .set(HttpHeaderNames.UPGRADE, "websocket")
        .set(HttpHeaderNames.CONNECTION, "Upgrade")
        .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
        .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
    return request;
  }

  /** The REST error envelope with this status and code, then the connection closes; nothing goes further. */
  private static void assertRefused(EmbeddedChannel channel, HttpResponseStatus status, String code) {
    assertNull(channel.readInbound());
    FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, channel.readOutbound());
    try {
      assertEquals(status, response.status());
      assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
      String body = response.content().toString(StandardCharsets.UTF_8);
      assertEquals(response.content().readableBytes(), response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
      assertEquals(code, new JsonObject(body).getJsonObject("error").getString("code"));
    } finally {
      response.release();
    }
    assertFalse(channel.isOpen());
    assertFalse(channel.finish());
  }
}
