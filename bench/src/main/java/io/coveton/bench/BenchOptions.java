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
    String jsonFile,
    int window,
    int payloadBytes,
    String target,
    String natsUrl,
    long pending,
    long history,
    int messagesWhileAway,
    List<String> compareFiles) {

  public static final String USAGE = """
      usage: java -jar bench/target/coveton-bench.jar --scenario NAME [flags]
        --scenario        idle | direct | group | reconnect-storm | rest | files | preload
        --target T        coveton | nats | compare (default coveton). nats: direct and group against NATS core
                          over WebSocket, same pairs, group size, payload, window, rate loop and summary.
                          compare: the scenario against NATS, then against Coveton with the same flags;
                          prints both summaries and their ratio (Coveton / NATS)
        --nats URL        NATS WebSocket URL (default ws://127.0.0.1:4443; start one: bench/scripts/nats-server.sh)
        --compare-files A,B  runs nothing: prints the ratio A / B of two saved --json summaries
        --rest URLS       REST base URLs, comma-separated (default http://127.0.0.1:8080)
        --relay URLS      relay WebSocket URLs, comma-separated (default ws://127.0.0.1:8081/v1/relay)
        --connections N   idle / reconnect-storm: devices to connect (default 1000)
        --messages-while-away M  reconnect-storm: messages stored for each device while it is away (default 3)
        --pairs N         direct: sender/recipient pairs; preload: pairs that build the history (default 100)
        --group-size G    group: devices in the group (default 100)
        --rate R          messages (or requests) a second; 0 = as fast as the window allows (default 1000)
        --window W        direct, group, preload: most sends one sender may have unanswered (Coveton: until
                          `sent`/`error`; NATS: until the PONG of the PING that follows each PUB). The group's
                          single sender gets the same W, so that both targets are held to the same bound
                          (default 64)
        --payload-bytes N ciphertext size: N bytes of base64 text (rounded up to a multiple of 4, at least 60)
                          carrying the send time and the sender's sequence number (default 1024);
                          files: the size of each file
        --duration S      seconds of measured load after set-up; the run stops by itself (default 30)
        --warmup S        direct, group, rest: seconds of the same load before measuring (default 5)
        --pending P       preload: envelopes left pending for offline devices (default 1000000)
        --history H       preload: messages delivered and acknowledged (default 2000000)
        --source-addresses K  spread client sockets over 127.0.0.1..127.0.0.K (default 1)
        --concurrency C   rest: requests in flight; files: file round trips in flight (default 64)
        --mix M           rest: me | send | both (default both)
        --placement P     direct: where each pair's two devices connect: spread (device i to relay URL
                          i mod n) | same-node | cross-node | mixed (alternate pairs same and cross);
                          latency is also reported apart for same-node and cross-node pairs (default spread)
        --json FILE       also write the summary as JSON
      The summary counts outOfOrder (first receipts of a message older than one already received from the
      same sender device) and duplicates (redeliveries); the exit status is 1 when anything is undelivered
      or out of order, a connection failed, or the run stopped on an error.
      The server must allow the load: COVETON_RATE_LIMIT_PER_MINUTE and
      COVETON_RELAY_FRAMES_PER_SECOND well above it, COVETON_MAX_DEVICES_PER_USER >= 100.
      """;

  /** The flags this harness had before windows, payloads and targets; those take their defaults. */
  public BenchOptions(String scenario, List<String> restUrls, List<String> relayUrls, int connections, int pairs,
      int groupSize, double rate, int durationSeconds, int warmupSeconds, int sourceAddresses, int restConcurrency,
      String restMix, String placement, String jsonFile) {
    this(scenario, restUrls, relayUrls, connections, pairs, groupSize, rate, durationSeconds, warmupSeconds,
        sourceAddresses, restConcurrency, restMix, placement, jsonFile, 64, 1024, "coveton", "ws://127.0.0.1:4443",
        1_000_000, 2_000_000, 3, List.of());
  }

  public static BenchOptions parse(String... args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --flag value pairs, got " + Arrays.toString(args));
      }
      flags.put(args[i].substring(2), args[++i]);
    }
    String scenario = flags.getOrDefault("scenario", "direct");
    String target = oneOf("target", flags.getOrDefault("target", "coveton"), "coveton", "nats", "compare");
    if (!target.equals("coveton") && !List.of("direct", "group").contains(scenario)) {
      throw new IllegalArgumentException("--target " + target + " runs --scenario direct or group, not " + scenario);
    }
    return new BenchOptions(
        scenario,
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
        oneOf("placement", flags.getOrDefault("placement", "spread"), "spread", "same-node", "cross-node", "mixed"),
        flags.get("json"),
        positive("window", flags.getOrDefault("window", "64")),
        positive("payload-bytes", flags.getOrDefault("payload-bytes", "1024")),
        target,
        flags.getOrDefault("nats", "ws://127.0.0.1:4443"),
        Long.parseLong(flags.getOrDefault("pending", "1000000")),
        Long.parseLong(flags.getOrDefault("history", "2000000")),
        Integer.parseInt(flags.getOrDefault("messages-while-away", "3")),
        compareFiles(flags.get("compare-files")));
  }

  /** The same options against another target (compare mode runs each side with identical flags). */
  public BenchOptions withTarget(String newTarget) {
    return new BenchOptions(scenario, restUrls, relayUrls, connections, pairs, groupSize, rate, durationSeconds,
        warmupSeconds, sourceAddresses, restConcurrency, restMix, placement, jsonFile, window, payloadBytes,
        newTarget, natsUrl, pending, history, messagesWhileAway, compareFiles);
  }

  private static String oneOf(String flag, String value, String... allowed) {
    if (!List.of(allowed).contains(value)) {
      throw new IllegalArgumentException("--" + flag + " must be one of " + String.join(", ", allowed));
    }
    return value;
  }

  private static int positive(String flag, String value) {
    int parsed = Integer.parseInt(value);
    if (parsed < 1) {
      throw new IllegalArgumentException("--" + flag + " must be at least 1");
    }
    return parsed;
  }

  private static List<String> compareFiles(String value) {
    if (value == null) {
      return List.of();
    }
    List<String> files = list(value);
    if (files.size() != 2) {
      throw new IllegalArgumentException("--compare-files takes two files: A.json,B.json");
    }
    return files;
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
