package io.coveton.rest;

import io.coveton.rest.idempotency.IdempotencyRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodic clean-up of expired rows; safe to run on every node at once. */
public final class HousekeepingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HousekeepingVerticle.class);
  private static final long PERIOD_MILLIS = 60_000;
  private final IdempotencyRepository idempotency;

  public HousekeepingVerticle(RestDependencies deps) {
    this.idempotency = new IdempotencyRepository(deps.pool());
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD_MILLIS, PERIOD_MILLIS, id -> idempotency.purgeExpired()
        .onFailure(e -> LOG.warn("idempotency purge failed: {}", e.getMessage())));
    return Future.succeededFuture();
  }
}
