package io.coveton.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code --target compare} and {@code --compare-files}: two summaries side by side and their ratio. */
final class Comparison {
  private Comparison() {}

  /** Both summaries of a compare run and the ratio Coveton / NATS. */
  static JsonObject of(JsonObject coveton, JsonObject nats) {
    return new JsonObject()
        .put("target", "compare")
        .put("scenario", coveton.getString("scenario"))
        .put("nats", nats)
        .put("coveton", coveton)
        .put("ratio", ratio(coveton, nats).put("of", "coveton / nats"));
  }

  /** The ratio first / second of two summaries saved with {@code --json}. */
  static JsonObject ofFiles(List<String> files) throws IOException {
    JsonObject first = new JsonObject(Files.readString(Path.of(files.get(0))));
    JsonObject second = new JsonObject(Files.readString(Path.of(files.get(1))));
    return new JsonObject()
        .put("target", "compare-files")
        .put("first", describe(files.get(0), first))
        .put("second", describe(files.get(1), second))
        .put("ratio", ratio(first, second).put("of", "first / second"));
  }

  /**
   * True when every summary inside (one, or both of a comparison) ran to its end, connected every
   * device and delivered everything in order.
   */
  static boolean clean(JsonObject summary) {
    if ("compare-files".equals(summary.getString("target"))) {
      return true;
    }
    if ("compare".equals(summary.getString("target"))) {
      return clean(summary.getJsonObject("nats")) && clean(summary.getJsonObject("coveton"));
    }
    boolean ranToItsEnd = summary.getJsonObject("errors", new JsonObject()).fieldNames().stream()
        .noneMatch(kind -> kind.startsWith("run: "));
    return ranToItsEnd && summary.getLong("undelivered", 0L) == 0 && summary.getLong("outOfOrder", 0L) == 0
        && summary.getLong("connectFailures", 0L) == 0;
  }

  private static JsonObject describe(String file, JsonObject summary) {
    return new JsonObject().put("file", file).put("target", summary.getString("target", "coveton"))
        .put("scenario", summary.getString("scenario"));
  }

  private static JsonObject ratio(JsonObject numerator, JsonObject denominator) {
    return new JsonObject()
        .put("sendsPerSecond", divide(numerator.getNumber("sendsPerSecond"), denominator.getNumber("sendsPerSecond")))
        .put("deliveriesPerSecond", divide(numerator.getNumber("deliveriesPerSecond"),
            denominator.getNumber("deliveriesPerSecond")))
        .put("latencyP50", divide(latency(numerator, "p50"), latency(denominator, "p50")))
        .put("latencyP99", divide(latency(numerator, "p99"), latency(denominator, "p99")));
  }

  private static Number latency(JsonObject summary, String percentile) {
    JsonObject latency = summary.getJsonObject("latencyMillis");
    return latency == null ? null : latency.getNumber(percentile);
  }

  /** Three decimals; null when either side is missing or the denominator is 0. */
  private static Double divide(Number numerator, Number denominator) {
    if (numerator == null || denominator == null || denominator.doubleValue() == 0) {
      return null;
    }
    return Math.round(numerator.doubleValue() / denominator.doubleValue() * 1000) / 1000.0;
  }
}
