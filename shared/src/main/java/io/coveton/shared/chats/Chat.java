package io.coveton.shared.chats;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A conversation: {@code direct} between two users, or a named {@code group}. */
public record Chat(
    String id, String type, String name, String organizationId, Instant createdAt, Instant lastMessageAt,
    Instant activityAt) {

  /**
   * A chat's columns, from {@code chats c} joined with {@link #NEWEST_MESSAGE}. The last-message
   * time is read from the newest message rather than written to the chat on every send: that
   * update serialized concurrent sends to a chat on its row lock and bloated {@code chats} with a
   * dead row per message.
   */
  public static final String COLUMNS = "c.id, c.type, c.name, c.organization_id, c.created_at, "
      + "newest.created_at AS last_message_at, greatest(c.activity_at, newest.created_at) AS activity_at";
  /** The newest message of chat {@code c}, by the message page index. */
  public static final String NEWEST_MESSAGE = "LEFT JOIN LATERAL (SELECT m.created_at FROM messages m "
      + "WHERE m.chat_id = c.id ORDER BY m.id DESC LIMIT 1) newest ON true";

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
