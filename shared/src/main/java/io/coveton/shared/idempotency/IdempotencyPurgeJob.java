package io.coveton.shared.idempotency;

import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;

/** Deletes Idempotency-Key records past their 24 hours, on one node at a time. */
public final class IdempotencyPurgeJob implements PeriodicJob {
  private final IdempotencyRepository records;

  public IdempotencyPurgeJob(IdempotencyRepository records) {
    this.records = records;
  }

  @Override
  public String name() {
    return "idempotency-purge";
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
    return records.purgeExpired().mapEmpty();
  }
}
