package io.coveton.shared.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** A set of address blocks such as {@code 10.0.0.0/8} or single addresses (the trusted proxies). */
public final class AddressBlocks {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]{2,45}");
  private final List<Cidr> blocks;

  private AddressBlocks(List<Cidr> blocks) {
    this.blocks = blocks;
  }

  /** {@code setting} names the configuration key, for the message when an entry is not an address. */
  public static AddressBlocks parse(List<String> entries, String setting) {
    return new AddressBlocks(entries.stream().map(entry -> Cidr.parse(entry, setting)).toList());
  }

  public boolean contains(InetAddress address) {
    return address != null && blocks.stream().anyMatch(block -> block.contains(address));
  }

  /** Parses an IP literal without ever resolving a host name; null when it is not one. */
  public static InetAddress literal(String text) {
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
    static Cidr parse(String text, String setting) {
      String[] parts = text.split("/", 2);
      InetAddress address = literal(parts[0].trim());
      if (address == null) {
        throw new IllegalArgumentException(setting + ": not an IP address or CIDR: " + text);
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
