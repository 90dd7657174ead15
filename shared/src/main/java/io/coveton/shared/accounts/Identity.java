package io.coveton.shared.accounts;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A provider account linked to a Coveton account: the provider's stable id for it, and its email. */
public record Identity(String provider, String subject, String userId, String email, Instant linkedAt) {
  static final String COLUMNS = "provider, subject, user_id, email, created_at";

  static Identity fromRow(Row row) {
    return new Identity(row.getString("provider"), row.getString("subject"), row.getString("user_id"),
        row.getString("email"), PgRows.instant(row, "created_at"));
  }
}
