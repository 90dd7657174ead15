package io.coveton.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.coveton.shared.metrics.CovetonMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ClientFrameDecoderTest {
  private final CovetonMetrics metrics = new CovetonMetrics();

  @Test
  void jsonObjectsWithATypePassAsJson() {
    EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(100, 200, metrics));
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
    JsonObject frame = channel.readInbound();
    assertEquals("ping", frame.getString("type"));
    assertNull(channel.readOutbound());
    assertFalse(channel.finish());
  }

  @Test
  void malformedTextUntypedJsonAndBinaryFramesClose1008() {
    for (Object bad : new Object[] {new TextWebSocketFrame("{not json"), new TextWebSocketFrame("[1,2]"),
        new TextWebSocketFrame("{\"ids\":[]}"), new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1}))}) {
      EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(100, 200, metrics));
      channel.writeInbound(bad);
      assertNull(channel.readInbound());
      CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
      assertEquals(1008, close.statusCode());
      close.release();
      assertFalse(channel.isOpen());
      assertFalse(channel.finish());
    }
  }

  @Test
  void textThatIsNotUtf8Closes1007() {
    byte[] json = "{\"type\":\"ping\",\"pad\":\"abcdefgh\u00ff\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(100, 200, metrics));
    channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
    assertNull(channel.readInbound());
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
    assertEquals(1007, close.statusCode());
    close.release();
    assertFalse(channel.finish());
  }

  @Test
  void jsonInUtf16Closes1008InsteadOfSlippingPastTheNulCheck() {
    // valid UTF-8 byte for byte (ASCII and zeros), and JSON to a parser that guesses UTF-16
    for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {java.nio.charset.StandardCharsets.UTF_16LE,
        java.nio.charset.StandardCharsets.UTF_16BE}) {
      byte[] json = "{\"type\":\"ack\",\"ids\":[\"a\\u0000\"]}".getBytes(charset);
      EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(100, 200, metrics));
      channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
      assertNull(channel.readInbound(), charset.name());
      CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
      assertEquals(1008, close.statusCode());
      close.release();
      assertFalse(channel.finish());
    }
  }

  @Test
  void aNulEscapeIsAnsweredWithAValidationErrorAndAnEscapedBackslashIsNot() {
    EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(100, 200, metrics));
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"typing\",\"chatId\":\"a\\\\u0000b\"}"));
    assertEquals("a\\u0000b", ((JsonObject) channel.readInbound()).getString("chatId"));
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"typing\",\"requestId\":\"r1\",\"chatId\":\"a\\u0000b\"}"));
    assertNull(channel.readInbound());
    TextWebSocketFrame error = assertInstanceOf(TextWebSocketFrame.class, channel.readOutbound());
    JsonObject answer = new JsonObject(error.text());
    error.release();
    assertEquals("r1", answer.getString("requestId"));
    assertEquals("chatId", answer.getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("path"));
    assertFalse(channel.finish());
  }

  @Test
  void framesBeyondTheBurstClose4429() {
    EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(1, 3, metrics));
    for (int i = 0; i < 3; i++) {
      channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
      assertEquals("ping", ((JsonObject) channel.readInbound()).getString("type"));
    }
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
    assertNull(channel.readInbound());
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
    assertEquals(4429, close.statusCode());
    close.release();
    assertFalse(channel.finish());
  }
}
