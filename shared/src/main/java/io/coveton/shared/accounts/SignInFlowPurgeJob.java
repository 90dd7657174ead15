package io.coveton.shared.accounts;

import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;

/** Deletes the states and one-time codes of provider sign-ins once expired, on one node at a time. */
public final class SignInFlowPurgeJob implements PeriodicJob {
  private static final int BATCH = 1_000;
  private final SignInFlowRepository flows;

  public SignInFlowPurgeJob(SignInFlowRepository flows) {
    this.flows = flows;
  }

  @Override
  public String name() {
    return "sign-in-flow-purge";
  }

  @Override
  public Duration period() {
    return Duration.ofMinutes(10);
  }

  @Override
  public boolean clusterExclusive() {
    return true;
  }

  @Override
  public Future<Void> run() {
    return PeriodicJob.drain(BATCH, () -> flows.purgeExpiredStates(BATCH))
        .compose(v -> PeriodicJob.drain(BATCH, () -> flows.purgeExpiredCodes(BATCH)));
  }
}
