package io.coveton.relay.pipeline;

import io.coveton.relay.protocol.CloseCodes;
import io.coveton.relay.protocol.Frames;
import io.coveton.relay.session.ConnectionRegistry;
import io.coveton.relay.session.DeviceConnection;
import io.coveton.relay.session.SendService;
import io.coveton.relay.session.TypingService;
import io.coveton.shared.error.ApiException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.AttributeKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves an authenticated device's frames: ack, send, typing and ping. Stateless: one for all channels. */
@ChannelHandler.Sharable
final class RelayHandler extends SimpleChannelInboundHandler<JsonObject> {
  static final AttributeKey<DeviceConnection> CONNECTION = AttributeKey.valueOf("coveton.connection");
  private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);
  private static final int MAX_ACK_IDS = 1000;
  private final ConnectionRegistry registry;
  private final SendService sends;
  private final TypingService typing;

  RelayHandler(ConnectionRegistry registry, SendService sends, TypingService typing) {
    this.registry = registry;
    this.sends = sends;
    this.typing = typing;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, JsonObject frame) {
    DeviceConnection connection = ctx.channel().attr(CONNECTION).get();
    switch (frame.getString("type")) {
      case "ping" -> connection.afterAcks(() -> connection.send(Frames.pong()));
      case "ack" -> ack(ctx, connection, frame);
      case "send" -> sends.handle(connection, frame);
      case "typing" -> typing.handle(connection, frame);
      default -> ClientFrameDecoder.close(ctx, CloseCodes.MALFORMED, "unknown frame type");
    }
  }

  private void ack(ChannelHandlerContext ctx, DeviceConnection connection, JsonObject frame) {
    if (!(frame.getValue("ids") instanceof JsonArray ids) || ids.size() > MAX_ACK_IDS
        || !ids.stream().allMatch(id -> id instanceof String)) {
      ClientFrameDecoder.close(ctx, CloseCodes.MALFORMED, "ack needs ids: an array of message ids");
      return;
    }
    List<String> messageIds = new ArrayList<>();
    ids.forEach(id -> messageIds.add((String) id));
    connection.trackAck(registry.acknowledge(connection, messageIds)
        .onFailure(e -> connection.send(Frames.error(null, ApiException.internal()))));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    DeviceConnection connection = ctx.channel().attr(CONNECTION).get();
    if (connection != null && ctx.channel().isWritable()) {
      connection.writable();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    DeviceConnection connection = ctx.channel().attr(CONNECTION).get();
    if (connection != null) {
      registry.closed(connection);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      ClientFrameDecoder.close(ctx, CloseCodes.TOO_BIG, "frame larger than allowed");
      return;
    }
    DeviceConnection connection = ctx.channel().attr(CONNECTION).get();
    LOG.warn("relay connection error device={} remote={}: {}", connection == null ? "-" : connection.deviceId(),
        ctx.channel().remoteAddress(), cause.toString());
    ClientFrameDecoder.close(ctx, 1011, "internal error");
  }
}
