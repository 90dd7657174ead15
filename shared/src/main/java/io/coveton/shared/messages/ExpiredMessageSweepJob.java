package io.coveton.shared.messages;

import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Deletes messages past their {@code expiresAt}, in batches until none is left, so that a backlog
 * clears within a run; on one node at a time.
 */
public final class ExpiredMessageSweepJob implements PeriodicJob {
  private static final int BATCH = 1000;
  private final MessageRepository messages;
  private final Duration period;

  public ExpiredMessageSweepJob(MessageRepository messages, Duration period) {
    this.messages = messages;
    this.period = period;
  }

  @Override
  public String name() {
    return "expired-message-sweep";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public boolean clusterExclusive() {
    return true;
  }

  @Override
  public Future<Void> run() {
    return PeriodicJob.drain(BATCH, () -> messages.purgeExpired(BATCH));
  }
}
