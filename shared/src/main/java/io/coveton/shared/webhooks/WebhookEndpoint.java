package io.coveton.shared.webhooks;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An organization's webhook endpoint; its secrets stay sealed here. */
public record WebhookEndpoint(String id, String organizationId, String url, List<String> events, String secretSealed,
    String previousSecretSealed, Instant previousSecretExpiresAt, String status, Instant failingSince,
    Instant createdAt, Instant updatedAt) {
  static final String COLUMNS = "id, organization_id, url, events, secret_sealed, previous_secret_sealed, "
      + "previous_secret_expires_at, status, failing_since, created_at, updated_at";

  static WebhookEndpoint fromRow(Row row) {
    return new WebhookEndpoint(row.getString("id"), row.getString("organization_id"), row.getString("url"),
        Arrays.asList(row.getArrayOfStrings("events")), row.getString("secret_sealed"),
        row.getString("previous_secret_sealed"), PgRows.instant(row, "previous_secret_expires_at"),
        row.getString("status"), PgRows.instant(row, "failing_since"), PgRows.instant(row, "created_at"),
        PgRows.instant(row, "updated_at"));
  }

  public boolean wants(String eventType) {
    return events.contains("*") || events.contains(eventType);
  }
}
