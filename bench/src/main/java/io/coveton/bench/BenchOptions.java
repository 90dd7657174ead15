package io.coveton.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command-line flags of the harness ({@code --name value}); see {@link #USAGE}. */
public record BenchOptions(
    String scenario,
    List<String> restUrls,
    List<String> relayUrls,
    int connections,
    int pairs,
    int groupSize,
    double rate,
    int durationSeconds,
    int warmupSeconds,
    int sourceAddresses,
    int restConcurrency,
    String restMix,
    String placement,
    String jsonFile) {

  public static final String USAGE = """
      usage: java -jar bench/target/coveton-bench.jar --scenario NAME [flags]
        --scenario        idle | direct | group | reconnect-storm | rest
        --rest URLS       REST base URLs, comma-separated (default http://127.0.0.1:8080)
        --relay URLS      relay WebSocket URLs, comma-separated (default ws://127.0.0.1:8081/v1/relay)
        --connections N   idle / reconnect-storm: devices to connect (default 1000)
        --pairs N         direct: sender/recipient pairs (default 100)
        --group-size G    group: devices in the group (default 100)
        --rate R          messages (or requests) a second; 0 = as fast as possible (default 1000)
        --duration S      seconds of measured load after set-up; the run stops by itself (default 30)
        --warmup S        direct, group, rest: seconds of the same load before measuring (default 5)
        --source-addresses K  spread client sockets over 127.0.0.1..127.0.0.K (default 1)
        --concurrency C   rest: requests in flight (default 64)
        --mix M           rest: me | send | both (default both)
        --placement P     direct: where each pair's two devices connect: spread (device i to relay URL
                          i mod n) | same-node | cross-node | mixed (alternate pairs same and cross);
                          latency is also reported apart for same-node and cross-node pairs (default spread)
        --json FILE       also write the summary as JSON
      The server must allow the load: COVETON_RATE_LIMIT_PER_MINUTE and
      COVETON_RELAY_FRAMES_PER_SECOND well above it, COVETON_MAX_DEVICES_PER_USER >= 100.
      """;

  public static BenchOptions parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --flag value pairs, got " + Arrays.toString(args));
      }
      flags.put(args[i].substring(2), args[++i]);
    }
    return new BenchOptions(
        flags.getOrDefault("scenario", "direct"),
        list(flags.getOrDefault("rest", "http://127.0.0.1:8080")),
        list(flags.getOrDefault("relay", "ws://127.0.0.1:8081/v1/relay")),
        Integer.parseInt(flags.getOrDefault("connections", "1000")),
        Integer.parseInt(flags.getOrDefault("pairs", "100")),
        Integer.parseInt(flags.getOrDefault("group-size", "100")),
        Double.parseDouble(flags.getOrDefault("rate", "1000")),
        Integer.parseInt(flags.getOrDefault("duration", "30")),
        Integer.parseInt(flags.getOrDefault("warmup", "5")),
        Integer.parseInt(flags.getOrDefault("source-addresses", "1")),
        Integer.parseInt(flags.getOrDefault("concurrency", "64")),
        flags.getOrDefault("mix", "both"),
        placement(flags.getOrDefault("placement", "spread")),
        flags.get("json"));
  }

  private static String placement(String value) {
    if (!List.of("spread", "same-node", "cross-node", "mixed").contains(value)) {
      throw new IllegalArgumentException("--placement must be spread, same-node, cross-node or mixed");
    }
    return value;
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }
}
