package io.coveton.shared.persistence;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column reads that every row mapping needs. */
public final class PgRows {
  private PgRows() {}

  /** A timestamptz column as an Instant, or null. */
  public static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
