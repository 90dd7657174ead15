package io.coveton.relay.pipeline;

import io.coveton.relay.RelayDependencies;
import io.coveton.relay.session.ConnectionRegistry;
import io.coveton.relay.session.SendService;
import io.coveton.relay.session.TypingService;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.net.ConnectionsPerAddress;
import io.coveton.shared.net.RequestGuard;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import java.net.InetAddress;
import java.time.Duration;

/** Assembles each connection's pipeline; nothing else. */
public final class RelayChannelInitializer extends ChannelInitializer<SocketChannel> {
  static final String SSL = "ssl";
  static final String UPGRADE_DEADLINE = "upgrade-deadline";
  static final String HTTP = "http";
  static final String UPGRADE_PROGRESS = "upgrade-progress";
  static final String AGGREGATOR = "aggregator";
  static final String GATE = "gate";
  static final String IDLE = "idle";
  static final String HEARTBEAT = "heartbeat";
  static final String WEBSOCKET = "websocket";
  static final String UPGRADED = "upgraded";
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
  private final ConnectionsPerAddress connections;

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
        // the gate has already matched the path exactly; a query string (/v1/relay?v=1) must upgrade too
        .checkStartsWith(true)
        .maxFramePayloadLength(settings.maxFrameBytes())
        .handleCloseFrames(true)
        .dropPongFrames(true)
        .allowExtensions(false)
        // ClientFrameDecoder checks each whole text frame with an ASCII fast path instead
        .withUTF8Validator(false)
        .handshakeTimeoutMillis(settings.authTimeout().toMillis())
        .build();
    this.info = new RelayInfo(deps.config().nodeId(), settings.heartbeatSeconds(), settings.authTimeout());
    CovetonConfig.TransportSettings transport = deps.config().transport();
    this.connections = new ConnectionsPerAddress(transport.maxConnectionsPerIp(), transport.trustedProxyBlocks());
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    InetAddress peer = channel.remoteAddress() == null ? null : channel.remoteAddress().getAddress();
    if (!connections.tryOpen(peer)) {
      channel.close();
      return;
    }
    channel.closeFuture().addListener(closed -> connections.closed(peer));
    CovetonConfig.RelaySettings settings = deps.config().relay();
    Duration upgradeTimeout = deps.config().transport().headerTimeout();
    // the upgrade request is due within the header timeout of the connect, bytes trickling or not
    RequestGuard upgrade = new RequestGuard(upgradeTimeout, upgradeTimeout, true);
    ChannelPipeline pipeline = channel.pipeline();
    if (ssl != null) {
      pipeline.addLast(SSL, ssl.newHandler(channel.alloc()));
    }
    pipeline.addLast(UPGRADE_DEADLINE, upgrade.rawBytes());
    pipeline.addLast(HTTP, new HttpServerCodec());
    pipeline.addLast(UPGRADE_PROGRESS, upgrade.decodedRequests());
    pipeline.addLast(AGGREGATOR, new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
    pipeline.addLast(GATE, gate);
    pipeline.addLast(IDLE, new IdleStateHandler(settings.heartbeatSeconds() * 3, settings.heartbeatSeconds(), 0));
    pipeline.addLast(HEARTBEAT, heartbeat);
    pipeline.addLast(WEBSOCKET, new WebSocketServerProtocolHandler(websocket));
    pipeline.addLast(UPGRADED, new UpgradeDone(upgrade));
    pipeline.addLast(FRAGMENTS, new WebSocketFrameAggregator(settings.maxFrameBytes()));
    pipeline.addLast(FRAMES, new ClientFrameDecoder(settings.framesPerSecond(), settings.frameBurst(), deps.metrics()));
    pipeline.addLast(AUTH, new AuthHandler(deps.authentication(), registry, info));
    pipeline.addLast(RELAY, relay);
  }

  /** Once the connection is a WebSocket, the upgrade deadline and its watchers go. */
  private static final class UpgradeDone extends ChannelInboundHandlerAdapter {
    private final RequestGuard upgrade;

    UpgradeDone(RequestGuard upgrade) {
      this.upgrade = upgrade;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        upgrade.finished();
        ctx.pipeline().remove(UPGRADE_DEADLINE);
        ctx.pipeline().remove(UPGRADE_PROGRESS);
        ctx.pipeline().remove(this);
      }
      super.userEventTriggered(ctx, event);
    }
  }
}
