package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls an action {@code rate} times a second (every 5 ms, catching up on what is due) for a bounded
 * time; rate 0 means as often as the action accepts (it answers false when it cannot take more).
 */
final class RateLoop {
  private static final long TICK_MILLIS = 5;
  private static final int UNBOUNDED_BURST = 2_000;

  private RateLoop() {}

  interface Action {
    /** Does one unit of work; false when it cannot take more right now. */
    boolean fire();
  }

  /** Completes once {@code done} holds, checked every 100 ms, or after {@code seconds} regardless. */
  static Future<Void> until(Vertx vertx, int seconds, java.util.function.BooleanSupplier done) {
    Promise<Void> settled = Promise.promise();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    vertx.setPeriodic(100, id -> {
      if (done.getAsBoolean() || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        settled.tryComplete();
      }
    });
    return settled.future();
  }

  /**
   * The request scenarios' shape: the action at the rate through the warm-up, then measured for the
   * duration, then waits until nothing is in flight ({@code inFlight}), with the load phase recorded.
   */
  static Future<Void> warmThenMeasure(Vertx vertx, BenchOptions options, Stats stats, Action action,
      AtomicInteger inFlight) {
    long[] start = new long[1];
    return run(vertx, options.rate(), options.warmupSeconds(), action).compose(warm -> {
      stats.measureFromNow();
      start[0] = System.nanoTime();
      return run(vertx, options.rate(), options.durationSeconds(), action);
    }).compose(v -> {
      stats.loadPhase(start[0], System.nanoTime());
      Promise<Void> drained = Promise.promise();
      vertx.setPeriodic(50, id -> {
        if (inFlight.get() == 0) {
          vertx.cancelTimer(id);
          drained.complete();
        }
      });
      return drained.future();
    });
  }

  static Future<Void> run(Vertx vertx, double rate, int seconds, Action action) {
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    double[] fired = {0};
    vertx.setPeriodic(TICK_MILLIS, id -> {
      long now = System.nanoTime();
      if (now >= end) {
        vertx.cancelTimer(id);
        done.tryComplete();
        return;
      }
      double due = rate <= 0 ? fired[0] + UNBOUNDED_BURST : (now - start) / 1e9 * rate;
      while (fired[0] < due) {
        if (!action.fire()) {
          if (rate <= 0) {
            break;
          }
        }
        fired[0]++;
      }
    });
    return done.future();
  }
}
