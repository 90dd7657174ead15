package io.coveton.rest.platform;

import io.coveton.shared.net.AddressBlocks;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;

/**
 * Works out the client's IP address: the TCP peer, unless the peer is a configured trusted proxy, in
 * which case the right-most X-Forwarded-For entry that is not itself a trusted proxy. Also records
 * whether the original request came over HTTPS.
 */
public final class ClientAddress implements Handler<RoutingContext> {
  private static final String IP_KEY = "coveton.clientIp";
  private static final String SECURE_KEY = "coveton.viaHttps";
  private static final String CLIENT_LOOPBACK_KEY = "coveton.clientLoopback";
  private final AddressBlocks trusted;

  public ClientAddress(AddressBlocks trustedProxies) {
    this.trusted = trustedProxies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    InetAddress peerAddress = AddressBlocks.literal(peer);
    boolean peerTrusted = peerAddress != null && isTrusted(peerAddress);
    String client = peer;
    boolean https = ctx.request().isSSL();
    if (peerTrusted) {
      client = forwardedClient(ctx.request().getHeader("X-Forwarded-For"), peer);
      https = https || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
    ctx.put(IP_KEY, client);
    ctx.put(SECURE_KEY, https);
    InetAddress clientAddress = AddressBlocks.literal(client);
    ctx.put(CLIENT_LOOPBACK_KEY, clientAddress != null && clientAddress.isLoopbackAddress());
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String ip = ctx.get(IP_KEY);
    return ip == null ? "unknown" : ip;
  }

  static boolean viaHttps(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(SECURE_KEY));
  }

  /** True when the client itself (not merely a proxy in front of it) is on this machine. */
  static boolean clientIsLoopback(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(CLIENT_LOOPBACK_KEY));
  }

  private String forwardedClient(String header, String peer) {
    if (header == null || header.isBlank()) {
      return peer;
    }
    String[] hops = header.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      InetAddress address = AddressBlocks.literal(hop);
      if (address == null) {
        return peer;
      }
      if (!isTrusted(address)) {
        return address.getHostAddress();
      }
    }
    return peer;
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.contains(address);
  }

}
