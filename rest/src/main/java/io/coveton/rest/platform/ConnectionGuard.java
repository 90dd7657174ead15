package io.coveton.rest.platform;

import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.net.AddressBlocks;
import io.coveton.shared.net.ConnectionsPerAddress;
import io.coveton.shared.net.RequestGuard;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetAddress;

/**
 * Every new REST connection: refused beyond the per-address cap, and given the {@link RequestGuard}
 * (header and body deadlines, ambiguous framing; the idle timeout is the HTTP server's own option).
 * Vert.x offers neither, so the guard's Netty handlers are placed around its HTTP decoder, which is
 * named {@code httpDecoder} in the pipeline Vert.x builds.
 */
public final class ConnectionGuard implements Handler<HttpConnection> {
  private static final String DECODER = "httpDecoder";
  private final ConnectionsPerAddress connections;
  private final CovetonConfig.TransportSettings transport;

  public ConnectionGuard(ConnectionsPerAddress connections, CovetonConfig.TransportSettings transport) {
    this.connections = connections;
    this.transport = transport;
  }

  @Override
  public void handle(HttpConnection connection) {
    InetAddress peer = connection.remoteAddress() == null ? null
        : AddressBlocks.literal(connection.remoteAddress().hostAddress());
    if (!connections.tryOpen(peer)) {
      connection.close();
      return;
    }
    connection.closeHandler(v -> connections.closed(peer));
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    Channel channel = base.channel();
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(DECODER) != null) {
      RequestGuard guard = new RequestGuard(transport.headerTimeout(), transport.bodyTimeout(), false);
      pipeline.addBefore(DECODER, "coveton-request-start", guard.rawBytes());
      pipeline.addAfter(DECODER, "coveton-request-progress", guard.decodedRequests());
    }
  }
}
