package io.coveton.relay.pipeline;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Lets through only WebSocket upgrades of {@code /v1/relay} from an allowed {@code Origin} (when an
 * allowlist is configured; clients that send no Origin, such as mobile apps, are not browsers and
 * pass). Anything else is answered in the REST error envelope and closed.
 */
@ChannelHandler.Sharable
final class HandshakeGate extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String PATH = "/v1/relay";
  private final List<String> allowedOrigins;

  HandshakeGate(List<String> allowedOrigins) {
    super(false);
    this.allowedOrigins = allowedOrigins;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (!PATH.equals(path)) {
      refuse(ctx, request, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "No such resource.");
    } else if (origin != null && !allowedOrigins.isEmpty() && !allowedOrigins.contains(origin)) {
      refuse(ctx, request, HttpResponseStatus.FORBIDDEN, "FORBIDDEN", "This origin may not connect.");
    } else if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
      refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "A WebSocket upgrade is required.");
    } else {
      ctx.fireChannelRead(request);
    }
  }

  private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
      String code, String message) {
    request.release();
    byte[] body = ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
