package io.coveton.shared.persistence;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the node's one reactive Postgres pool. */
public final class PgPools {
  private PgPools() {}

  public static Pool create(Vertx vertx, DatabaseLocation location, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("coveton").setShared(true))
        .connectingTo(location.connectOptions())
        .using(vertx)
        .build();
  }
}
