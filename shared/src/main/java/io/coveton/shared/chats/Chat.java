package io.coveton.shared.chats;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A conversation: {@code direct} between two users, or a named {@code group}. */
public record Chat(
    String id, String type, String name, String organizationId, Instant createdAt, Instant lastMessageAt,
    Instant activityAt) {

  public static final String COLUMNS =
      "c.id, c.type, c.name, c.organization_id, c.created_at, c.last_message_at, c.activity_at";

  public static Chat fromRow(Row row) {
    return new Chat(
        row.getString("id"),
        row.getString("type"),
        row.getString("name"),
        row.getString("organization_id"),
        PgRows.instant(row, "created_at"),
        PgRows.instant(row, "last_message_at"),
        PgRows.instant(row, "activity_at"));
  }

  public boolean isGroup() {
    return "group".equals(type);
  }

  public static String directKey(String userA, String userB) {
    return userA.compareTo(userB) < 0 ? userA + "|" + userB : userB + "|" + userA;
  }
}
