package io.coveton.shared.notifications;

import io.coveton.shared.json.WireJson;
import io.coveton.shared.persistence.PgRows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** An in-app notification as its user reads it: {@code {id, type, data, createdAt, readAt}}. */
public record Notification(String id, String type, JsonObject data, Instant createdAt, Instant readAt) {
  static Notification fromRow(Row row) {
    Object data = row.getValue("data");
    return new Notification(row.getString("id"), row.getString("type"),
        data instanceof JsonObject object ? object : new JsonObject(String.valueOf(data)),
        PgRows.instant(row, "created_at"), PgRows.instant(row, "read_at"));
  }

  /** The relay's {@code event: notification} data, the same fields as over REST. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("type", type).put("data", data)
        .put("createdAt", WireJson.timestamp(createdAt)).put("readAt", WireJson.timestamp(readAt));
  }
}
