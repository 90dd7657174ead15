package io.coveton.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client of the relay's pipeline as {@link RelayChannelInitializer} assembles it, on an
 * {@link EmbeddedChannel} whose clock moves only when told: it sends the HTTP upgrade as bytes, then
 * masked WebSocket frames, and decodes what the server writes back.
 */
final class PipelineClient {
  private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private final EmbeddedChannel server = new EmbeddedChannel();
  private final EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket08FrameEncoder(true));
  private final EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));

  PipelineClient(RelayChannelInitializer initializer) {
    server.freezeTime();
    initializer.initChannel(socketChannel(server));
  }

  EmbeddedChannel server() {
    return server;
  }

  /**
   * Sends {@code GET uri} as a WebSocket upgrade with these extra header lines; answers the response
   * head, and for a 101 keeps what follows it as WebSocket bytes, or else the whole response.
   */
  String upgrade(String uri, String... headerLines) {
    StringBuilder request = new StringBuilder("GET " + uri + " HTTP/1.1\r\n")
        .append("Host: relay.coveton.test\r\n")
        .append("Upgrade: websocket\r\n")
        .append("Connection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    server.writeInbound(Unpooled.copiedBuffer(request.append("\r\n"), StandardCharsets.US_ASCII));
    ByteBuf written = Unpooled.buffer();
    while (server.outboundMessages().peek() instanceof ByteBuf) {
      ByteBuf part = server.readOutbound();
      written.writeBytes(part);
      part.release();
    }
    ByteBuf endOfHead = Unpooled.wrappedBuffer(END_OF_HEAD);
    try {
      int end = ByteBufUtil.indexOf(endOfHead, written);
      String head = written.toString(written.readerIndex(), end < 0 ? written.readableBytes() : end,
          StandardCharsets.US_ASCII);
      if (!head.startsWith("HTTP/1.1 101 ") || end < 0) {
        return written.toString(StandardCharsets.US_ASCII);
      }
      decoder.writeInbound(written.retainedSlice(end + END_OF_HEAD.length,
          written.readableBytes() - end - END_OF_HEAD.length));
      return head;
    } finally {
      endOfHead.release();
      written.release();
    }
  }

  void send(WebSocketFrame frame) {
    encoder.writeOutbound(frame);
    for (ByteBuf bytes = encoder.readOutbound(); bytes != null; bytes = encoder.readOutbound()) {
      server.writeInbound(bytes);
    }
  }

  void send(JsonObject frame) {
    send(new TextWebSocketFrame(frame.encode()));
  }

  /** Every frame the server wrote since the last call; the caller releases them. */
  List<WebSocketFrame> received() {
    for (ByteBuf bytes = server.readOutbound(); bytes != null; bytes = server.readOutbound()) {
      decoder.writeInbound(bytes);
    }
    List<WebSocketFrame> frames = new ArrayList<>();
    for (WebSocketFrame frame = decoder.readInbound(); frame != null; frame = decoder.readInbound()) {
      frames.add(frame);
    }
    return frames;
  }

  /** Moves the server's clock and runs what fell due. */
  void advance(long amount, TimeUnit unit) {
    server.advanceTimeBy(amount, unit);
    server.runScheduledPendingTasks();
    server.runPendingTasks();
  }

  /**
   * Hangs up: closes the server side, whose WebSocket handler says goodbye (1000) on the way out,
   * even before an upgrade; true if any of the three channels still held anything else unread.
   */
  boolean finish() {
    server.close();
    boolean leftovers = false;
    for (Object written = server.readOutbound(); written != null; written = server.readOutbound()) {
      if (written instanceof ByteBuf bytes) {
        decoder.writeInbound(bytes);
      } else {
        leftovers |= !isGoodbye(written);
        ReferenceCountUtil.release(written);
      }
    }
    for (WebSocketFrame frame = decoder.readInbound(); frame != null; frame = decoder.readInbound()) {
      leftovers |= !isGoodbye(frame);
      frame.release();
    }
    boolean serverLeftovers = server.finish();
    boolean encoderLeftovers = encoder.finish();
    boolean decoderLeftovers = decoder.finish();
    return leftovers || serverLeftovers || encoderLeftovers || decoderLeftovers;
  }

  private static boolean isGoodbye(Object frame) {
    return frame instanceof CloseWebSocketFrame close && close.statusCode() == 1000;
  }

  /** The {@code type} of each text frame; releases them all. */
  static List<String> types(List<WebSocketFrame> frames) {
    try {
      return frames.stream()
          .map(frame -> new JsonObject(assertInstanceOf(TextWebSocketFrame.class, frame).text()).getString("type"))
          .toList();
    } finally {
      frames.forEach(WebSocketFrame::release);
    }
  }

  /** The status code of a close frame; releases it. */
  static int closeCode(WebSocketFrame frame) {
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, frame);
    try {
      return close.statusCode();
    } finally {
      close.release();
    }
  }

  // The initializer is typed to SocketChannel, which EmbeddedChannel is not; it only needs the pipeline,
  // the peer address and the close future (and the allocator, for TLS).
  private static SocketChannel socketChannel(EmbeddedChannel channel) {
    return (SocketChannel) Proxy.newProxyInstance(PipelineClient.class.getClassLoader(),
        new Class<?>[] {SocketChannel.class}, (self, method, args) -> switch (method.getName()) {
          case "pipeline" -> channel.pipeline();
          case "alloc" -> channel.alloc();
          case "remoteAddress" -> new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 40000);
          case "closeFuture" -> channel.closeFuture();
          default -> throw new UnsupportedOperationException("SocketChannel." + method.getName());
        });
  }
}
