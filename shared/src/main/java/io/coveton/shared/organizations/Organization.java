package io.coveton.shared.organizations;

import io.coveton.shared.persistence.PgRows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A tenant: it owns members, roles, teams, departments, billing and an audit log. */
public record Organization(
    String id, String name, String slug, JsonObject settings, JsonObject branding, String status,
    Instant suspendedAt, Instant createdAt, Instant updatedAt) {

  public static final String COLUMNS =
      "o.id, o.name, o.slug, o.settings, o.branding, o.status, o.suspended_at, o.created_at, o.updated_at";

  public static Organization fromRow(Row row) {
    return new Organization(row.getString("id"), row.getString("name"), row.getString("slug"),
        json(row.getValue("settings")), json(row.getValue("branding")), row.getString("status"),
        PgRows.instant(row, "suspended_at"), PgRows.instant(row, "created_at"), PgRows.instant(row, "updated_at"));
  }

  private static JsonObject json(Object value) {
    return value instanceof JsonObject object ? object : new JsonObject();
  }

  public boolean suspended() {
    return "suspended".equals(status);
  }
}
