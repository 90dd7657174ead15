package io.coveton.rest.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Works out the client's IP address: the TCP peer, unless the peer is a configured trusted proxy, in
 * which case the right-most X-Forwarded-For entry that is not itself a trusted proxy. Also records
 * whether the original request came over HTTPS.
 */
public final class ClientAddress implements Handler<RoutingContext> {
  private static final String IP_KEY = "coveton.clientIp";
  private static final String SECURE_KEY = "coveton.viaHttps";
  private static final String CLIENT_LOOPBACK_KEY = "coveton.clientLoopback";
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]{2,45}");
  private final List<Cidr> trusted;

  public ClientAddress(List<String> trustedProxies) {
    this.trusted = trustedProxies.stream().map(Cidr::parse).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    InetAddress peerAddress = literal(peer);
    boolean peerTrusted = peerAddress != null && isTrusted(peerAddress);
    String client = peer;
    boolean https = ctx.request().isSSL();
    if (peerTrusted) {
      client = forwardedClient(ctx.request().getHeader("X-Forwarded-For"), peer);
      https = https || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
    ctx.put(IP_KEY, client);
    ctx.put(SECURE_KEY, https);
    InetAddress clientAddress = literal(client);
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
      InetAddress address = literal(hop);
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
    return trusted.stream().anyMatch(cidr -> cidr.contains(address));
  }

  /** Parses an IP literal without ever resolving a host name. */
  static InetAddress literal(String text) {
    if (text == null || !IP_LITERAL.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An address block such as 10.0.0.0/8, or a single address. */
  record Cidr(byte[] network, int prefixBits) {
    static Cidr parse(String text) {
      String[] parts = text.split("/", 2);
      InetAddress address = literal(parts[0].trim());
      if (address == null) {
        throw new IllegalArgumentException("COVETON_TRUSTED_PROXIES: not an IP address or CIDR: " + text);
      }
      byte[] bytes = address.getAddress();
      int bits = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : bytes.length * 8;
      return new Cidr(bytes, bits);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (candidate[full] & mask) == (network[full] & mask);
    }
  }
}
