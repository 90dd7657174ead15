package io.coveton.shared.accounts;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A login: one refresh-token family, revocable as a whole. */
public record Session(
    String id,
    String userId,
    String ip,
    String userAgent,
    String location,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant revokedAt) {

  public static final String COLUMNS =
      "id, user_id, ip, user_agent, location, created_at, last_seen_at, expires_at, revoked_at";

  public static Session fromRow(Row row) {
    return new Session(
        row.getString("id"),
        row.getString("user_id"),
        row.getString("ip"),
        row.getString("user_agent"),
        row.getString("location"),
        PgRows.instant(row, "created_at"),
        PgRows.instant(row, "last_seen_at"),
        PgRows.instant(row, "expires_at"),
        PgRows.instant(row, "revoked_at"));
  }

  public boolean active(Instant now) {
    return revokedAt == null && expiresAt.isAfter(now);
  }
}
