package io.coveton.relay;

import io.coveton.relay.pipeline.RelayChannelInitializer;
import io.coveton.relay.session.AckBatcher;
import io.coveton.relay.session.ConnectionRegistry;
import io.coveton.shared.cluster.ClusterAddresses;
import io.coveton.shared.cluster.DeliveryRouter;
import io.coveton.shared.config.CovetonConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket relay of this node: a Netty server of its own, and this node's inbox on the cluster
 * event bus (deliveries routed here, revocations published to all).
 */
public final class RelayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RelayVerticle.class);
  private final RelayDependencies deps;
  private ConnectionRegistry registry;
  private EventLoopGroup group;
  private Channel server;

  public RelayVerticle(RelayDependencies deps) {
    this.deps = deps;
  }

  @Override
  public void init(io.vertx.core.Vertx vertx, io.vertx.core.Context context) {
    super.init(vertx, context);
    this.registry = new ConnectionRegistry(deps.routingId(), deps.presence(), deps.router(),
        deps.deliveries(), deps.events(), deps.isClusterLeader(), deps.metrics(),
        new AckBatcher(deps.deliveries()));
    deps.metrics().gauge("coveton.relay.connections", "Open device connections on this node", registry::size);
  }

  @Override
  public Future<?> start() {
    return Future.join(listenToCluster(), bind());
  }

  private Future<Void> listenToCluster() {
    return Future.join(
        vertx.eventBus().<JsonObject>consumer(DeliveryRouter.nodeAddress(deps.routingId()),
            m -> registry.onNodeMessage(m.body())).completion(),
        vertx.eventBus().<String>consumer(ClusterAddresses.SESSION_REVOKED,
            m -> registry.sessionRevoked(m.body())).completion(),
        vertx.eventBus().<JsonObject>consumer(ClusterAddresses.DEVICE_REVOKED,
            m -> registry.deviceRevoked(m.body().getString("deviceId"))).completion()).mapEmpty();
  }

  private Future<Void> bind() {
    CovetonConfig.RelaySettings settings = deps.config().relay();
    // Linux's native epoll transport where it loads: fewer system calls per frame than NIO.
    boolean epoll = Epoll.isAvailable();
    group = new MultiThreadIoEventLoopGroup(Math.max(1, settings.eventLoops()),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Promise<Void> bound = Promise.promise();
    new ServerBootstrap()
        .group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
        .childHandler(new RelayChannelInitializer(deps, registry, sslContext(deps.config())))
        .bind(new InetSocketAddress(settings.host(), settings.port()))
        .addListener(f -> {
          if (f.isSuccess()) {
            server = ((io.netty.channel.ChannelFuture) f).channel();
            LOG.info("relay listening on {}:{} ({})", settings.host(), actualPort(), epoll ? "epoll" : "nio");
            bound.complete();
          } else {
            bound.fail(f.cause());
          }
        });
    return bound.future();
  }

  /** A node that is told which node left the cluster clears that node's presence. */
  public void nodeLeft(String nodeId) {
    registry.nodeLeft(nodeId);
  }

  /** Graceful drain: stop accepting, tell every device to reconnect elsewhere (1001), then stop. */
  @Override
  public Future<?> stop() {
    Promise<Void> stopped = Promise.promise();
    if (server != null) {
      server.close();
    }
    registry.drain();
    vertx.setTimer(500, id -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .addListener(f -> stopped.complete()));
    return stopped.future();
  }

  public int actualPort() {
    return server == null ? -1 : ((InetSocketAddress) server.localAddress()).getPort();
  }

  public int connections() {
    return registry.size();
  }

  private static SslContext sslContext(CovetonConfig config) {
    if (!config.transport().tlsConfigured()) {
      return null;
    }
    try {
      return SslContextBuilder.forServer(new File(config.transport().tlsCertPath()),
          new File(config.transport().tlsKeyPath())).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot load the TLS certificate for the relay", e);
    }
  }
}
