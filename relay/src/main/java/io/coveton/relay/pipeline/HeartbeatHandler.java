package io.coveton.relay.pipeline;

import io.coveton.relay.protocol.CloseCodes;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * WebSocket pings every heartbeat period while the server has nothing else to say; a connection that
 * sent nothing (not even a pong) for three periods is dead and is closed.
 */
@ChannelHandler.Sharable
final class HeartbeatHandler extends ChannelInboundHandlerAdapter {
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.WRITER_IDLE) {
        ctx.writeAndFlush(new PingWebSocketFrame());
      } else if (idle.state() == IdleState.READER_IDLE) {
        ctx.writeAndFlush(new CloseWebSocketFrame(CloseCodes.GOING_AWAY, "heartbeat timeout"))
            .addListener(ChannelFutureListener.CLOSE);
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }
}
