package io.coveton.shared.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Guards an HTTP/1 connection against clients that are slow or ambiguous in sending a request.
 * <ul>
 *   <li>Deadlines: a request's headers must arrive within {@code headerTimeout} of their first byte
 *       and its body within {@code bodyTimeout} of the headers, or the connection is closed, so that a
 *       client dripping a byte now and then (which an idle timeout never catches) cannot hold it.
 *   <li>Framing: a request with both {@code Content-Length} and {@code Transfer-Encoding} is answered
 *       and then the connection is closed (RFC 9112 §6.3): the HTTP decoder silently drops the
 *       length, and a front end that did not could disagree on where the next request starts.
 * </ul>
 * One instance per connection: {@link #rawBytes()} goes in front of the HTTP decoder (it sees a
 * request begin and reads its head as sent), {@link #decodedRequests()} right after it (it sees the
 * headers and the body end). Both run on the connection's event loop.
 */
public final class RequestGuard {
  private static final int MAX_SCANNED_HEAD = 32 * 1024;
  private final Duration headerTimeout;
  private final Duration bodyTimeout;
  private final boolean headersDueFromConnect;
  private State state = State.BETWEEN_REQUESTS;
  private ScheduledFuture<?> deadline;
  private StringBuilder head;
  private boolean ambiguousLength;

  private enum State { BETWEEN_REQUESTS, HEADERS, BODY }

  /**
   * {@code headersDueFromConnect}: the first request's headers are due {@code headerTimeout} after
   * the connection opened, even if no byte arrives (a port whose only request is an upgrade).
   */
  public RequestGuard(Duration headerTimeout, Duration bodyTimeout, boolean headersDueFromConnect) {
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
        if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
          if (state == State.BETWEEN_REQUESTS) {
            awaitHeaders(ctx);
          }
          if (head != null) {
            scan(bytes);
          }
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
        if (msg instanceof HttpRequest request) {
          cancel();
          head = null;
          if (ambiguousLength) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ambiguousLength = false;
          }
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
    head = null;
    state = State.BETWEEN_REQUESTS;
  }

  private void awaitHeaders(ChannelHandlerContext ctx) {
    cancel();
    state = State.HEADERS;
    head = new StringBuilder();
    ambiguousLength = false;
    deadline = ctx.executor().schedule(() -> tooSlow(ctx), headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads the head as sent, up to its blank line, for the two headers that must not appear together. */
  private void scan(ByteBuf bytes) {
    int room = MAX_SCANNED_HEAD - head.length();
    head.append(bytes.toString(bytes.readerIndex(), Math.min(room, bytes.readableBytes()), StandardCharsets.ISO_8859_1));
    int end = head.indexOf("\r\n\r\n");
    if (end < 0 && head.length() < MAX_SCANNED_HEAD) {
      return;
    }
    String lower = head.substring(0, end < 0 ? head.length() : end).toLowerCase(Locale.ROOT);
    ambiguousLength = lower.contains("\ncontent-length:") && lower.contains("\ntransfer-encoding:");
    head = null;
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
