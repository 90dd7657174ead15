package io.coveton.shared.persistence;

import io.vertx.pgclient.PgException;

/** Recognises Postgres failures that mean a client conflict rather than a server fault. */
public final class PgErrors {
  private PgErrors() {}

  public static boolean isUniqueViolation(Throwable error, String constraint) {
    return error instanceof PgException pg && "23505".equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }
}
