package io.coveton.relay.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of closing a WebSocket, so that the client reads the close code: the close frame
 * is sent once, the output half-closed after it has flushed, and everything the client still sends
 * is read and dropped until it closes or {@link #LINGER_MILLIS} pass. Closing the socket while the
 * client's frames sit unread in it (a burst, an oversized message) makes the kernel reset the
 * connection, and a reset can destroy the close frame in flight: the client then sees 1006.
 */
public final class CloseHandshake {
  public static final long LINGER_MILLIS = 2_000;
  private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("coveton.closing");
  private static final String DRAIN = "drain-after-close";

  private CloseHandshake() {}

  public static void close(Channel channel, int code, String reason) {
    if (!channel.isActive() || channel.attr(CLOSING).setIfAbsent(Boolean.TRUE) != null) {
      return;
    }
    channel.pipeline().addFirst(DRAIN, new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
      }
    });
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(written -> {
      if (!(channel instanceof SocketChannel socket)) {
        channel.close(); // an in-memory channel has no kernel buffer to drain
        return;
      }
      if (written.isSuccess()) {
        socket.shutdownOutput();
      }
      channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    });
  }

  /** Whether a close has begun: nothing more is sent then. */
  public static boolean closing(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(CLOSING).get());
  }
}
