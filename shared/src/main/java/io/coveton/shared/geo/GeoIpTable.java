package io.coveton.shared.geo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Coarse locations of IP addresses for the sessions list, from a CSV file of {@code network,location}
 * lines (for example {@code 81.2.69.0/24,"London, GB"}), such as an operator derives from a GeoLite2
 * or DB-IP export. Lookups are a binary search over the networks, sorted by start address.
 */
public final class GeoIpTable {
  private final List<Range> ranges;

  private GeoIpTable(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** An empty table (no GeoIP database configured): every lookup answers null. */
  public static GeoIpTable none() {
    return new GeoIpTable(List.of());
  }

  public static GeoIpTable load(Path csv) {
    List<Range> ranges = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(csv)) {
        String trimmed = line.trim();
        int comma = trimmed.indexOf(',');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || comma < 0 || trimmed.startsWith("network,")) {
          continue;
        }
        String location = trimmed.substring(comma + 1).trim().replaceAll("^\"|\"$", "");
        ranges.add(Range.parse(trimmed.substring(0, comma).trim(), location));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read COVETON_GEOIP_CSV " + csv, e);
    }
    ranges.sort(Comparator.comparing(Range::start));
    return new GeoIpTable(List.copyOf(ranges));
  }

  /** The location of an IP literal, or null when unknown. */
  public String locate(String ip) {
    BigInteger address = numeric(ip);
    if (address == null) {
      return null;
    }
    int low = 0;
    int high = ranges.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Range range = ranges.get(mid);
      if (range.start().compareTo(address) > 0) {
        high = mid - 1;
      } else if (range.end().compareTo(address) < 0) {
        low = mid + 1;
      } else {
        return range.location();
      }
    }
    return null;
  }

  private static BigInteger numeric(String ip) {
    if (ip == null || !ip.matches("[0-9a-fA-F.:]{2,45}")) {
      return null;
    }
    try {
      byte[] bytes = InetAddress.getByName(ip).getAddress();
      return new BigInteger(1, bytes).add(bytes.length == 4 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(32));
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** One network; IPv6 addresses are placed above the IPv4 space so that both sort in one list. */
  private record Range(BigInteger start, BigInteger end, String location) {
    static Range parse(String cidr, String location) {
      String[] parts = cidr.split("/");
      BigInteger base = numeric(parts[0]);
      if (base == null) {
        throw new IllegalArgumentException("COVETON_GEOIP_CSV: not a network: " + cidr);
      }
      int bits = parts[0].contains(":") ? 128 : 32;
      int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
      BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
      BigInteger start = base.subtract(base.mod(size));
      return new Range(start, start.add(size).subtract(BigInteger.ONE), location);
    }
  }
}
