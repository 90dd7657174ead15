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
 * chosen scenario against one or more nodes, prints a progress line every five seconds and a summary
 * at the end (also as JSON with {@code --json}). It stops by itself.
 */
public final class BenchMain {
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
    System.exit(summary.getLong("undelivered") == 0 && summary.getLong("connectFailures") == 0 ? 0 : 1);
  }

  /** Runs one scenario to its end and answers the summary; usable from tests. */
  public static JsonObject run(BenchOptions options) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(Math.max(2,
        Runtime.getRuntime().availableProcessors())));
    Stats stats = new Stats();
    Api api = new Api(vertx, options.restUrls());
    Fleet fleet = new Fleet(vertx, api, stats, options);
    long started = System.nanoTime();
    long progress = vertx.setPeriodic(5_000, id -> printProgress(stats, started));
    try {
      Future<Void> run = scenario(vertx, options.scenario()).run(fleet, options, stats);
      long limitSeconds = options.durationSeconds() + 600L;
      run.toCompletionStage().toCompletableFuture().get(limitSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      stats.error("run: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    } finally {
      vertx.cancelTimer(progress);
    }
    JsonObject summary = stats.summary(options.scenario());
    if (options.jsonFile() != null) {
      Files.writeString(Path.of(options.jsonFile()), summary.encodePrettily());
    }
    api.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return summary;
  }

  private static Scenario scenario(Vertx vertx, String name) {
    return switch (name) {
      case "idle" -> new ConnectionScenario(vertx, false);
      case "reconnect-storm" -> new ConnectionScenario(vertx, true);
      case "direct" -> new MessagingScenario(vertx, false);
      case "group" -> new MessagingScenario(vertx, true);
      case "rest" -> new RestScenario(vertx);
      default -> throw new IllegalArgumentException("unknown scenario " + name + "\n" + BenchOptions.USAGE);
    };
  }

  private static void printProgress(Stats stats, long started) {
    Histogram interval = stats.drainInterval();
    System.out.printf("[%4ds] connected=%d sent=%d acked=%d delivered=%d requests=%d p50=%.1fms p99=%.1fms "
            + "errors=%d%n",
        (System.nanoTime() - started) / 1_000_000_000L, stats.connected.get(), stats.sent.get(),
        stats.acknowledged.get(), stats.delivered.get(), stats.requests.get(),
        interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0, stats.errorTotal());
  }
}
