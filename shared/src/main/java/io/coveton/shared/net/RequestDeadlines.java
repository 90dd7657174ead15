package io.coveton.shared.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/1 connection whose client is too slow to send a request: its headers must arrive
 * within {@code headerTimeout} of their first byte and its body within {@code bodyTimeout} of the
 * headers, so that a client dripping a byte now and then (which an idle timeout never catches) cannot
 * hold a connection. One instance per connection: {@link #rawBytes()} goes in front of the HTTP
 * decoder (it sees a request begin), {@link #decodedRequests()} right after it (it sees the headers
 * and the body end). Both run on the connection's event loop.
 */
public final class RequestDeadlines {
  private final Duration headerTimeout;
  private final Duration bodyTimeout;
  private final boolean headersDueFromConnect;
  private State state = State.BETWEEN_REQUESTS;
  private ScheduledFuture<?> deadline;

  private enum State { BETWEEN_REQUESTS, HEADERS, BODY }

  /**
   * {@code headersDueFromConnect}: the first request's headers are due {@code headerTimeout} after
   * the connection opened, even if no byte arrives (a port whose only request is an upgrade).
   */
  public RequestDeadlines(Duration headerTimeout, Duration bodyTimeout, boolean headersDueFromConnect) {
    this.headerTimeout = headerTimeout;
    this.bodyTimeout = bodyTimeout;
    this.headersDueFromConnect = headersDueFromConnect;
  }

  public ChannelInboundHandlerAdapter rawBytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        if (headersDueFromConnect) {
          awaitHeaders(ctx);
        }
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.BETWEEN_REQUESTS && msg instanceof ByteBuf bytes && bytes.isReadable()) {
          awaitHeaders(ctx);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
      }
    };
  }

  public ChannelInboundHandlerAdapter decodedRequests() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
          cancel();
          state = State.BODY;
          deadline = ctx.executor().schedule(() -> tooSlow(ctx), bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (msg instanceof LastHttpContent) {
          cancel();
          state = State.BETWEEN_REQUESTS;
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  /** The request is done with (a relay's upgrade completed): no deadline applies any more. */
  public void finished() {
    cancel();
    state = State.BETWEEN_REQUESTS;
  }

  private void awaitHeaders(ChannelHandlerContext ctx) {
    cancel();
    state = State.HEADERS;
    deadline = ctx.executor().schedule(() -> tooSlow(ctx), headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tooSlow(ChannelHandlerContext ctx) {
    if (state != State.BETWEEN_REQUESTS) {
      ctx.channel().close();
    }
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
