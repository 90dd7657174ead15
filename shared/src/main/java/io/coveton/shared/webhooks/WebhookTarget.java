package io.coveton.shared.webhooks;

import io.coveton.shared.net.AddressBlocks;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The SSRF rule for delivery targets: every address a host resolves to must be public, that is
 * not loopback, link-local (cloud metadata lives there), site-local/private, unique-local IPv6,
 * carrier-grade NAT, multicast or unspecified, unless it is in the configured allowlist. Checked at
 * each connect on the addresses then resolved, and the connection goes to a checked address.
 */
public final class WebhookTarget {
  private static final AddressBlocks NEVER_PUBLIC = AddressBlocks.parse(List.of("100.64.0.0/10", "0.0.0.0/8",
      "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4", "fc00::/7", "64:ff9b::/96"), "built-in");
  private final AddressBlocks allowed;

  public WebhookTarget(AddressBlocks allowed) {
    this.allowed = allowed;
  }

  /** Why this address may not be reached, or null. */
  public String refusal(InetAddress address) {
    InetAddress mapped = ipv4Inside(address);
    if (mapped != null) {
      // ::ffff:a.b.c.d reaches a.b.c.d on a dual-stack socket: judge it as that address
      return refusal(mapped);
    }
    if (allowed.contains(address)) {
      return null;
    }
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address";
    }
    if (address.isSiteLocalAddress() || NEVER_PUBLIC.contains(address)) {
      return "a private address";
    }
    if (address.isMulticastAddress()) {
      return "a multicast address";
    }
    if (address.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
      return "an IPv4-compatible IPv6 address";
    }
    return null;
  }

  /** The IPv4 address an IPv4-mapped IPv6 address stands for, or null. */
  private static InetAddress ipv4Inside(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != 16) {
      return null;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return null;
      }
    }
    if ((bytes[10] & 0xff) != 0xff || (bytes[11] & 0xff) != 0xff) {
      return null;
    }
    try {
      return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
