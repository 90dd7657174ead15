package io.coveton.shared.delivery;

import io.coveton.shared.jobs.PeriodicJob;
import io.coveton.shared.metrics.CovetonMetrics;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Samples the envelopes stored and not yet acknowledged, for the {@code coveton_pending_backlog}
 * gauge, from the per-device mailbox positions (one row per device, never a count of envelopes); on
 * one node at a time, whose gauge is the cluster's figure.
 */
public final class BacklogSampleJob implements PeriodicJob {
  private final DeliveryRepository deliveries;
  private final CovetonMetrics metrics;

  public BacklogSampleJob(DeliveryRepository deliveries, CovetonMetrics metrics) {
    this.deliveries = deliveries;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return "backlog-sample";
  }

  @Override
  public Duration period() {
    return Duration.ofSeconds(15);
  }

  @Override
  public boolean clusterExclusive() {
    return true;
  }

  @Override
  public Future<Void> run() {
    return deliveries.backlog().onSuccess(metrics::pendingBacklog).mapEmpty();
  }
}
