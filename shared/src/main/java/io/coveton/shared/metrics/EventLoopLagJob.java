package io.coveton.shared.metrics;

import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;

/** How late a 1-second timer fires on this node's event loop: a blocked or saturated loop shows here. */
public final class EventLoopLagJob implements PeriodicJob {
  private static final Duration PERIOD = Duration.ofSeconds(1);
  private final CovetonMetrics metrics;
  private long lastRunMillis;

  public EventLoopLagJob(CovetonMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return "event-loop-lag";
  }

  @Override
  public Duration period() {
    return PERIOD;
  }

  @Override
  public boolean clusterExclusive() {
    return false;
  }

  @Override
  public Future<Void> run() {
    long now = System.currentTimeMillis();
    if (lastRunMillis > 0) {
      metrics.eventLoopLag(Math.max(0, now - lastRunMillis - PERIOD.toMillis()));
    }
    lastRunMillis = now;
    return Future.succeededFuture();
  }
}
