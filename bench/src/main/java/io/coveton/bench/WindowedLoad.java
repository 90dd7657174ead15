package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives senders, each holding at most {@code --window} sends unanswered: for a warm-up and a measured
 * period at the target rate ({@link RateLoop}, round robin over the senders), or until each has sent
 * its quota; then waits for the owed deliveries.
 */
final class WindowedLoad {
  private static final int SETTLE_SECONDS = 15;

  private WindowedLoad() {}

  /**
   * Warm-up, then the measured period, then the settle. At rate 0 every answer starts the sender's next
   * send at once, so the window stays full instead of waiting for the loop's next 5 ms tick (which
   * would cap a fast server at W sends per tick and sender).
   */
  static Future<Void> timed(Vertx vertx, List<? extends MessageSender> senders, BenchOptions options, Stats stats) {
    AtomicBoolean running = new AtomicBoolean(true);
    if (options.rate() <= 0) {
      senders.forEach(sender -> sender.onAnswered(() -> {
        if (running.get()) {
          sender.trySend();
        }
      }));
    }
    AtomicInteger next = new AtomicInteger();
    RateLoop.Action send = () -> senders.get(Math.floorMod(next.getAndIncrement(), senders.size())).trySend();
    long[] start = new long[1];
    return RateLoop.run(vertx, options.rate(), options.warmupSeconds(), send).compose(warm -> {
      stats.measureFromNow();
      start[0] = System.nanoTime();
      return RateLoop.run(vertx, options.rate(), options.durationSeconds(), send);
    }).compose(v -> {
      running.set(false);
      stats.loadPhase(start[0], System.nanoTime());
      return settle(vertx, stats);
    });
  }

  /** Each sender sends {@code quotas[i]} messages as fast as its window allows; completes when all are answered. */
  static Future<Void> quota(List<? extends MessageSender> senders, long[] quotas) {
    if (senders.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    for (int i = 0; i < senders.size(); i++) {
      MessageSender sender = senders.get(i);
      long quota = quotas[i];
      AtomicLong started = new AtomicLong();
      AtomicLong answered = new AtomicLong();
      Runnable pump = () -> {
        // reserve a slot of the quota first, give it back if the window is full
        while (started.getAndIncrement() < quota) {
          if (!sender.trySend()) {
            started.decrementAndGet();
            return;
          }
        }
        started.decrementAndGet();
      };
      sender.onAnswered(() -> {
        if (answered.incrementAndGet() < quota) {
          pump.run();
        } else if (finished.incrementAndGet() == senders.size()) {
          done.tryComplete();
        }
      });
      if (quota == 0 && finished.incrementAndGet() == senders.size()) {
        done.tryComplete();
      }
      pump.run();
    }
    return done.future();
  }

  /** Waits (at most 15 s) for owed deliveries and unanswered sends to arrive. */
  static Future<Void> settle(Vertx vertx, Stats stats) {
    return RateLoop.until(vertx, SETTLE_SECONDS, () -> stats.undelivered() == 0
        && stats.answered.get() >= stats.sent.get());
  }
}
