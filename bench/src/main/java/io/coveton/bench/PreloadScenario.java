package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;

/**
 * {@code preload}: fills a server, through the public API only, with the backlog later runs meet:
 * {@code --pending P} envelopes waiting for offline devices and {@code --history H} messages delivered
 * and acknowledged. Pending: groups of 100 single-device accounts whose 99 recipients never connect
 * while the first member sends as fast as its window allows (each message stores 99 envelopes), about
 * 1,000 pending per offline device. History: {@code --pairs} direct pairs online, senders sending as
 * fast as their windows allow, recipients acknowledging. Ignores {@code --rate} and {@code --duration}.
 */
final class PreloadScenario implements Scenario {
  private static final int GROUP_SIZE = 100;
  private static final int RECIPIENTS = GROUP_SIZE - 1;
  private static final long PENDING_PER_DEVICE = 1_000;
  private final Vertx vertx;

  PreloadScenario(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> run(Fleet fleet, BenchOptions options, Stats stats) {
    Payload payload = new Payload(options.payloadBytes());
    long start = System.nanoTime();
    stats.measureFromNow();
    return pending(fleet, options, payload, stats)
        .compose(v -> history(fleet, options, payload, stats))
        .onComplete(done -> stats.loadPhase(start, System.nanoTime()));
  }

  private Future<Void> pending(Fleet fleet, BenchOptions options, Payload payload, Stats stats) {
    if (options.pending() <= 0) {
      return Future.succeededFuture();
    }
    int groups = (int) Math.max(1, Math.round(options.pending() / (double) (RECIPIENTS * PENDING_PER_DEVICE)));
    long perGroup = (options.pending() + (long) groups * RECIPIENTS - 1) / ((long) groups * RECIPIENTS);
    System.out.printf("preload: pending: %d groups of %d, %d offline devices, %d messages each (%d envelopes)%n",
        groups, GROUP_SIZE, groups * RECIPIENTS, perGroup, perGroup * groups * RECIPIENTS);
    long acknowledgedBefore = stats.acknowledged.get();
    return fleet.bounded(groups, 2, i -> MessagingScenario.group(fleet, GROUP_SIZE, false, "preload-g" + i,
            options.window(), payload))
        .compose(lanes -> {
          long start = System.nanoTime();
          List<RelayConnection> senders = lanes.stream().map(l -> l.senders().get(0)).toList();
          long[] quotas = new long[senders.size()];
          Arrays.fill(quotas, perGroup);
          return WindowedLoad.quota(senders, quotas).map(v -> {
            double seconds = (System.nanoTime() - start) / 1e9;
            long envelopes = (stats.acknowledged.get() - acknowledgedBefore) * RECIPIENTS;
            stats.report("pendingEnvelopes", envelopes);
            stats.report("offlineDevices", groups * RECIPIENTS);
            stats.report("pendingSeconds", Math.round(seconds * 10) / 10.0);
            stats.report("pendingEnvelopesPerSecond", Math.round(envelopes / Math.max(seconds, 1e-9)));
            System.out.printf("preload: %d envelopes pending in %.1f s%n", envelopes, seconds);
            return null;
          });
        });
  }

  private Future<Void> history(Fleet fleet, BenchOptions options, Payload payload, Stats stats) {
    if (options.history() <= 0) {
      return Future.succeededFuture();
    }
    int pairs = (int) Math.max(1, Math.min(options.pairs(), options.history()));
    System.out.printf("preload: history: %d messages over %d direct pairs%n", options.history(), pairs);
    long deliveredBefore = stats.delivered.get();
    return MessagingScenario.pairs(fleet, options, pairs, "preload-h", payload).compose(lanes -> {
      long start = System.nanoTime();
      long[] quotas = new long[pairs];
      for (int i = 0; i < pairs; i++) {
        quotas[i] = options.history() / pairs + (i < options.history() % pairs ? 1 : 0);
      }
      return WindowedLoad.quota(lanes.senders(), quotas)
          .compose(v -> WindowedLoad.settle(vertx, stats))
          .compose(v -> Future.all(lanes.recipients().stream().map(RelayConnection::flushAcks).toList()))
          .map(v -> {
            double seconds = (System.nanoTime() - start) / 1e9;
            long messages = stats.delivered.get() - deliveredBefore;
            stats.report("historyMessages", messages);
            stats.report("historySeconds", Math.round(seconds * 10) / 10.0);
            stats.report("historyMessagesPerSecond", Math.round(messages / Math.max(seconds, 1e-9)));
            System.out.printf("preload: %d messages delivered and acknowledged in %.1f s%n", messages, seconds);
            return null;
          });
    });
  }
}
