package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load-test harness: provisions users, devices and chats through the REST API, drives the
 * chosen scenario against one or more nodes (or against NATS, or both in turn), prints a progress line
 * every five seconds and a summary at the end (also as JSON with {@code --json}). It stops by itself.
 */
public final class BenchMain {
  /** How long a run that stops by count rather than by time (preload, reconnect-storm) may take. */
  private static final long UNTIMED_LIMIT_SECONDS = 12 * 3600;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    JsonObject summary = run(options);
    System.out.println(summary.encodePrettily());
    System.exit(Comparison.clean(summary) ? 0 : 1);
  }

  /** Runs one scenario (both targets in compare mode) to its end and answers the summary; usable from tests. */
  public static JsonObject run(BenchOptions options) throws Exception {
    JsonObject summary;
    if (!options.compareFiles().isEmpty()) {
      summary = Comparison.ofFiles(options.compareFiles());
    } else if (options.target().equals("compare")) {
      JsonObject nats = runTarget(options.withTarget("nats"));
      JsonObject coveton = runTarget(options.withTarget("coveton"));
      summary = Comparison.of(coveton, nats);
    } else {
      summary = runTarget(options);
    }
    if (options.jsonFile() != null) {
      Files.writeString(Path.of(options.jsonFile()), summary.encodePrettily());
    }
    return summary;
  }

  private static JsonObject runTarget(BenchOptions options) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(Math.max(2,
        Runtime.getRuntime().availableProcessors())));
    Stats stats = new Stats();
    Api api = new Api(vertx, options.restUrls());
    Fleet fleet = new Fleet(vertx, api, stats, options);
    long started = System.nanoTime();
    long progress = vertx.setPeriodic(5_000, id -> printProgress(options.target(), stats, started));
    try {
      Future<Void> run = scenario(vertx, options).run(fleet, options, stats);
      boolean untimed = options.scenario().equals("preload") || options.scenario().equals("reconnect-storm");
      long limitSeconds = untimed ? UNTIMED_LIMIT_SECONDS : options.warmupSeconds() + options.durationSeconds() + 600L;
      run.toCompletionStage().toCompletableFuture().get(limitSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      stats.error("run: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    } finally {
      vertx.cancelTimer(progress);
    }
    JsonObject summary = stats.summary(options.scenario())
        .put("target", options.target())
        .put("window", options.window())
        .put("payloadBytes", new Payload(options.payloadBytes()).length());
    api.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return summary;
  }

  private static Scenario scenario(Vertx vertx, BenchOptions options) {
    String name = options.scenario();
    if (options.target().equals("nats")) {
      return switch (name) {
        case "direct" -> new NatsScenario(vertx, false);
        case "group" -> new NatsScenario(vertx, true);
        default -> throw new IllegalArgumentException("--target nats runs direct or group, not " + name);
      };
    }
    return switch (name) {
      case "idle" -> new ConnectionScenario(vertx, false);
      case "reconnect-storm" -> new ConnectionScenario(vertx, true);
      case "direct" -> new MessagingScenario(vertx, false);
      case "group" -> new MessagingScenario(vertx, true);
      case "rest" -> new RestScenario(vertx);
      case "files" -> new FilesScenario(vertx);
      case "preload" -> new PreloadScenario(vertx);
      default -> throw new IllegalArgumentException("unknown scenario " + name + "\n" + BenchOptions.USAGE);
    };
  }

  private static void printProgress(String target, Stats stats, long started) {
    Histogram interval = stats.drainInterval();
    System.out.printf("[%4ds %s] connected=%d sent=%d acked=%d delivered=%d requests=%d p50=%.1fms p99=%.1fms "
            + "outOfOrder=%d duplicates=%d errors=%d%n",
        (System.nanoTime() - started) / 1_000_000_000L, target, stats.connected.get(), stats.sent.get(),
        stats.acknowledged.get(), stats.delivered.get(), stats.requests.get(),
        interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
        stats.outOfOrder.get(), stats.duplicates.get(), stats.errorTotal());
  }
}
