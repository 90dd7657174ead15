package io.coveton.relay.pipeline;

import io.coveton.relay.protocol.CloseCodes;
import io.coveton.relay.protocol.CloseHandshake;
import io.coveton.relay.protocol.Frames;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.metrics.CovetonMetrics;
import io.coveton.shared.validation.NulCharacters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

/**
 * Turns client frames into JSON objects with a {@code type} (text that is not UTF-8 closes with
 * 1007, checked here rather than by Netty's byte-at-a-time validator), and enforces the per-connection frame
 * rate (a token bucket: {@code perSecond} with bursts of {@code burst}; 4429 beyond). Binary frames
 * and anything that is not a JSON object with a type close the connection with 1008; a frame with
 * U+0000 in a string is answered with a validation error and goes no further.
 */
final class ClientFrameDecoder extends SimpleChannelInboundHandler<WebSocketFrame> {
  private final CovetonMetrics metrics;
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long refilledAt = System.nanoTime();

  ClientFrameDecoder(int perSecond, int burst, CovetonMetrics metrics) {
    super(true);
    this.metrics = metrics;
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (CloseHandshake.closing(ctx.channel())) {
      return; // frames that were already decoded when the close began
    }
    metrics.frameIn();
    if (!takeToken()) {
      close(ctx, CloseCodes.TOO_MANY_FRAMES, "too many frames");
      return;
    }
    if (!(frame instanceof TextWebSocketFrame text)) {
      close(ctx, CloseCodes.MALFORMED, "only JSON text frames are accepted");
      return;
    }
    if (!Utf8.isValid(text.content())) {
      close(ctx, CloseCodes.INVALID_TEXT, "text frame is not valid UTF-8");
      return;
    }
    ByteBuf content = text.content();
    // A zero byte is never in JSON text (a control character must be escaped), and without one the
    // parser, which guesses UTF-16 and UTF-32 from zero bytes, can only read the frame as UTF-8.
    if (content.indexOf(content.readerIndex(), content.writerIndex(), (byte) 0) >= 0) {
      close(ctx, CloseCodes.MALFORMED, "malformed frame");
      return;
    }
    JsonObject json;
    try {
      // parsed from the frame's bytes: no String of the whole frame is decoded first
      json = new JsonObject(BufferInternal.buffer(content.duplicate()));
    } catch (RuntimeException e) {
      close(ctx, CloseCodes.MALFORMED, "malformed frame");
      return;
    }
    if (!(json.getValue("type") instanceof String)) {
      close(ctx, CloseCodes.MALFORMED, "frame without a type");
      return;
    }
    String nul = NulCharacters.mayHoldNul(content) ? NulCharacters.firstPath(json) : null;
    if (nul != null) {
      String requestId = json.getValue("requestId") instanceof String id ? id : null;
      ctx.writeAndFlush(new TextWebSocketFrame(
          Frames.error(requestId, ApiException.validation(nul, NulCharacters.MESSAGE)).encode()));
      return;
    }
    ctx.fireChannelRead(json);
  }

  private boolean takeToken() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  static void close(ChannelHandlerContext ctx, int code, String reason) {
    CloseHandshake.close(ctx.channel(), code, reason);
  }
}
