package io.coveton.shared.outbox;

import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;

/** Deletes events every consumer has handled, in batches; on one node at a time. */
public final class OutboxPurgeJob implements PeriodicJob {
  private static final int BATCH = 5000;
  private final OutboxRepository outbox;

  public OutboxPurgeJob(OutboxRepository outbox) {
    this.outbox = outbox;
  }

  @Override
  public String name() {
    return "outbox-purge";
  }

  @Override
  public Duration period() {
    return Duration.ofMinutes(1);
  }

  @Override
  public boolean clusterExclusive() {
    return true;
  }

  @Override
  public Future<Void> run() {
    return PeriodicJob.drain(BATCH, () -> outbox.purgeDispatched(BATCH));
  }
}
