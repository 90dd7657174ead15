package io.coveton.relay.pipeline;

import io.coveton.relay.protocol.CloseCodes;
import io.coveton.relay.protocol.CloseHandshake;
import io.coveton.relay.protocol.Frames;
import io.coveton.relay.session.ConnectionRegistry;
import io.coveton.relay.session.DeviceConnection;
import io.coveton.shared.auth.Authenticated;
import io.coveton.shared.auth.DeviceAuthentication;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Authenticates a new connection as one device: from the upgrade's {@code Authorization} and
 * {@code X-Device-Id} headers, or from a first {@code auth} frame within the deadline (4408). The
 * token must be a valid access token of an active session, and the device an active device of its
 * user (4401 otherwise). Once authenticated it hands the channel to the relay handler and leaves.
 */
final class AuthHandler extends ChannelInboundHandlerAdapter {
  private static final int MAX_EARLY_FRAMES = 32;
  private final DeviceAuthentication authentication;
  private final ConnectionRegistry registry;
  private final RelayInfo info;
  private final Queue<Object> early = new ArrayDeque<>();
  private ScheduledFuture<?> deadline;
  private boolean authenticating;

  AuthHandler(DeviceAuthentication authentication, ConnectionRegistry registry, RelayInfo info) {
    this.authentication = authentication;
    this.registry = registry;
    this.info = info;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
      HttpHeaders headers = handshake.requestHeaders();
      String token = DeviceAuthentication.bearerToken(headers.get("Authorization"));
      String deviceId = headers.get("X-Device-Id");
      if (token != null && deviceId != null) {
        authenticate(ctx, token, deviceId);
      } else {
        deadline = ctx.executor().schedule(() -> ClientFrameDecoder.close(ctx, CloseCodes.AUTH_TIMEOUT,
            "no authentication in time"), info.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (authenticating) {
      if (early.size() >= MAX_EARLY_FRAMES) {
        ClientFrameDecoder.close(ctx, CloseCodes.TOO_MANY_FRAMES, "too many frames before ready");
      } else {
        early.add(msg);
      }
      return;
    }
    if (msg instanceof JsonObject frame && "auth".equals(frame.getString("type"))
        && frame.getValue("accessToken") instanceof String token && frame.getValue("deviceId") instanceof String id) {
      authenticate(ctx, token, id);
    } else {
      ReferenceCountUtil.release(msg);
      ClientFrameDecoder.close(ctx, CloseCodes.UNAUTHENTICATED, "authenticate first");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelDeadline();
    super.channelInactive(ctx);
  }

  private void authenticate(ChannelHandlerContext ctx, String token, String deviceId) {
    authenticating = true;
    cancelDeadline();
    authentication.authenticate(token, deviceId)
        .onComplete(result -> ctx.executor().execute(() -> {
          // A connection whose close began while authenticating (frames past the early limit) never
          // goes live: registered now, it would replace (4409) a newer connection of the device.
          // Closing again is a no-op for it.
          if (result.failed() || !ctx.channel().isActive() || CloseHandshake.closing(ctx.channel())) {
            ClientFrameDecoder.close(ctx, CloseCodes.UNAUTHENTICATED, "authentication failed");
            return;
          }
          goLive(ctx, result.result(), deviceId);
        }));
  }

  private void goLive(ChannelHandlerContext ctx, Authenticated claims, String deviceId) {
    DeviceConnection connection = registry.open(ctx.channel(), claims.userId(), deviceId, claims.sessionId());
    ctx.channel().attr(RelayHandler.CONNECTION).set(connection);
    connection.send(Frames.ready(connection.location().connectionId, deviceId, info.displayName(),
        info.heartbeatSeconds()));
    registry.goLive(connection).onFailure(e -> connection.close(1011, "internal error"));
    authenticating = false;
    while (!early.isEmpty()) {
      ctx.fireChannelRead(early.poll());
    }
    ctx.pipeline().remove(this);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
