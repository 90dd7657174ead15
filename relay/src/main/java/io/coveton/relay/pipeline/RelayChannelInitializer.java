package io.coveton.relay.pipeline;

import io.coveton.relay.RelayDependencies;
import io.coveton.relay.session.ConnectionRegistry;
import io.coveton.relay.session.SendService;
import io.coveton.relay.session.TypingService;
import io.coveton.shared.config.CovetonConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

/** Assembles each connection's pipeline; nothing else. */
public final class RelayChannelInitializer extends ChannelInitializer<SocketChannel> {
  static final String SSL = "ssl";
  static final String HTTP = "http";
  static final String AGGREGATOR = "aggregator";
  static final String GATE = "gate";
  static final String IDLE = "idle";
  static final String HEARTBEAT = "heartbeat";
  static final String WEBSOCKET = "websocket";
  static final String FRAGMENTS = "fragments";
  static final String FRAMES = "frames";
  static final String AUTH = "auth";
  static final String RELAY = "relay";
  private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;

  private final RelayDependencies deps;
  private final ConnectionRegistry registry;
  private final SslContext ssl;
  private final HandshakeGate gate;
  private final HeartbeatHandler heartbeat = new HeartbeatHandler();
  private final RelayHandler relay;
  private final WebSocketServerProtocolConfig websocket;
  private final RelayInfo info;

  public RelayChannelInitializer(RelayDependencies deps, ConnectionRegistry registry, SslContext ssl) {
    CovetonConfig.RelaySettings settings = deps.config().relay();
    this.deps = deps;
    this.registry = registry;
    this.ssl = ssl;
    this.gate = new HandshakeGate(settings.allowedOrigins());
    this.relay = new RelayHandler(registry,
        new SendService(deps.sender(), deps.idempotency(), deps.config().messaging()),
        new TypingService(deps.participants(), deps.events()));
    this.websocket = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(HandshakeGate.PATH)
        .checkStartsWith(false)
        .maxFramePayloadLength(settings.maxFrameBytes())
        .handleCloseFrames(true)
        .dropPongFrames(true)
        .allowExtensions(false)
        .handshakeTimeoutMillis(settings.authTimeout().toMillis())
        .build();
    this.info = new RelayInfo(deps.config().nodeId(), settings.heartbeatSeconds(), settings.authTimeout());
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    CovetonConfig.RelaySettings settings = deps.config().relay();
    ChannelPipeline pipeline = channel.pipeline();
    if (ssl != null) {
      pipeline.addLast(SSL, ssl.newHandler(channel.alloc()));
    }
    pipeline.addLast(HTTP, new HttpServerCodec());
    pipeline.addLast(AGGREGATOR, new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
    pipeline.addLast(GATE, gate);
    pipeline.addLast(IDLE, new IdleStateHandler(settings.heartbeatSeconds() * 3, settings.heartbeatSeconds(), 0));
    pipeline.addLast(HEARTBEAT, heartbeat);
    pipeline.addLast(WEBSOCKET, new WebSocketServerProtocolHandler(websocket));
    pipeline.addLast(FRAGMENTS, new WebSocketFrameAggregator(settings.maxFrameBytes()));
    pipeline.addLast(FRAMES, new ClientFrameDecoder(settings.framesPerSecond(), settings.frameBurst(), deps.metrics()));
    pipeline.addLast(AUTH, new AuthHandler(deps.authentication(), registry, info));
    pipeline.addLast(RELAY, relay);
  }
}
