package io.coveton.rest;

import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.idempotency.IdempotencyRepository;
import io.coveton.shared.messages.MessageRepository;
import io.coveton.shared.metrics.CovetonMetrics;
import io.coveton.shared.persistence.TableMaintenance;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodic clean-up of expired rows; safe to run on every node at once. */
public final class HousekeepingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HousekeepingVerticle.class);
  private static final long IDEMPOTENCY_PERIOD_MILLIS = 60_000;
  private static final int EXPIRY_BATCH = 1000;
  private final IdempotencyRepository idempotency;
  private final MessageRepository messages;
  private final long expiryPeriodMillis;
  private final CovetonMetrics metrics;
  private final TableMaintenance maintenance;
  private final DeliveryRepository deliveries;
  private final long vacuumPeriodMillis;
  private static final long BACKLOG_PERIOD_MILLIS = 5_000;
  private static final long LAG_PERIOD_MILLIS = 1_000;
  private static final int ANALYZE_EVERY_NTH_VACUUM = 30;

  public HousekeepingVerticle(RestDependencies deps) {
    this.idempotency = new IdempotencyRepository(deps.pool());
    this.messages = new MessageRepository(deps.pool());
    this.expiryPeriodMillis = deps.config().messaging().expirySweepPeriod().toMillis();
    this.metrics = deps.metrics();
    this.maintenance = new TableMaintenance(deps.pool());
    this.deliveries = new DeliveryRepository(deps.pool());
    this.vacuumPeriodMillis = deps.config().database().vacuumPeriod().toMillis();
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(IDEMPOTENCY_PERIOD_MILLIS, IDEMPOTENCY_PERIOD_MILLIS, id -> idempotency.purgeExpired()
        .onFailure(e -> LOG.warn("idempotency purge failed: {}", e.getMessage())));
    vertx.setPeriodic(expiryPeriodMillis, expiryPeriodMillis, id -> purgeExpiredMessages());
    vertx.setPeriodic(BACKLOG_PERIOD_MILLIS, BACKLOG_PERIOD_MILLIS, id -> deliveries.backlog()
        .onSuccess(metrics::pendingBacklog));
    sampleEventLoopLag(System.currentTimeMillis());
    if (vacuumPeriodMillis > 0) {
      maintenance.autovacuumOn().onSuccess(on -> {
        if (!on) {
          LOG.warn("Postgres autovacuum is off: this node vacuums the churning tables every {} s "
              + "(COVETON_VACUUM_SECONDS)", vacuumPeriodMillis / 1000);
          long[] runs = {0};
          vertx.setPeriodic(vacuumPeriodMillis, vacuumPeriodMillis, id -> maintenance
              .vacuum(runs[0]++ % ANALYZE_EVERY_NTH_VACUUM == 0)
              .onFailure(e -> LOG.warn("vacuum failed: {}", e.getMessage())));
        }
      }).onFailure(e -> LOG.warn("could not read the autovacuum setting: {}", e.getMessage()));
    }
    return Future.succeededFuture();
  }

  /** How late a timer fires on this event loop: a blocked or saturated loop shows here. */
  private void sampleEventLoopLag(long scheduledAt) {
    vertx.setTimer(LAG_PERIOD_MILLIS, id -> {
      long now = System.currentTimeMillis();
      metrics.eventLoopLag(Math.max(0, now - scheduledAt - LAG_PERIOD_MILLIS));
      sampleEventLoopLag(now);
    });
  }

  /** Expired messages go in batches until none is left, so a backlog clears within a period or two. */
  private void purgeExpiredMessages() {
    messages.purgeExpired(EXPIRY_BATCH)
        .onSuccess(deleted -> {
          if (deleted == EXPIRY_BATCH) {
            vertx.runOnContext(v -> purgeExpiredMessages());
          }
        })
        .onFailure(e -> LOG.warn("expired message purge failed: {}", e.getMessage()));
  }
}
