package io.coveton.shared.notifications;

import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/** Deletes notifications read longer ago than the retention, on one node at a time; unread ones stay. */
public final class NotificationPurgeJob implements PeriodicJob {
  private static final int BATCH = 1_000;
  private final NotificationRepository notifications;
  private final Duration retention;

  public NotificationPurgeJob(NotificationRepository notifications, Duration retention) {
    this.notifications = notifications;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "notification-purge";
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
    Instant readBefore = Instant.now().minus(retention);
    return PeriodicJob.drain(BATCH, () -> notifications.purgeRead(readBefore, BATCH));
  }
}
