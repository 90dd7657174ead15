package io.coveton.shared.chats;

import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.persistence.InTransaction;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All SQL about chats and their participants. */
public final class ChatRepository {
  private static final String INSERT_DIRECT =
      "INSERT INTO chats (id, type, direct_key, created_by) VALUES ($1, 'direct', $2, $3) "
          + "ON CONFLICT (direct_key) DO NOTHING RETURNING id";
  private static final String DIRECT_BY_KEY = "SELECT c.id FROM chats c WHERE c.direct_key = $1";
  private static final String INSERT_GROUP =
      "INSERT INTO chats (id, type, name, organization_id, created_by) VALUES ($1, 'group', $2, $3, $4)";
  private static final String INSERT_PARTICIPANTS =
      "INSERT INTO chat_participants (chat_id, user_id, role) "
          + "SELECT $1, u, CASE WHEN u = $3 THEN 'admin' ELSE 'member' END FROM unnest($2::text[]) AS u "
          + "ON CONFLICT DO NOTHING";
  private static final String FOR_PARTICIPANT =
      "SELECT " + Chat.COLUMNS + " FROM chats c JOIN chat_participants p ON p.chat_id = c.id "
          + Chat.NEWEST_MESSAGE + " WHERE c.id = $1 AND p.user_id = $2";
  private static final String LIST_FOR_USER =
      "WITH mine AS (SELECT " + Chat.COLUMNS + " FROM chats c "
          + "JOIN chat_participants p ON p.chat_id = c.id AND p.user_id = $1 " + Chat.NEWEST_MESSAGE + ") "
          + "SELECT * FROM mine WHERE ($2::text IS NULL OR (activity_at, id) < "
          + "(SELECT activity_at, id FROM mine WHERE id = $2)) "
          + "ORDER BY activity_at DESC, id DESC LIMIT $3";
  private static final String PARTICIPANTS =
      "SELECT p.chat_id, p.user_id, p.role, p.joined_at, d.id AS device_id, d.public_key "
          + "FROM chat_participants p LEFT JOIN devices d ON d.user_id = p.user_id AND d.revoked_at IS NULL "
          + "WHERE p.chat_id = ANY($1) ORDER BY p.chat_id, p.joined_at, p.user_id, d.id";
  private static final String REMOVE_PARTICIPANT =
      "DELETE FROM chat_participants WHERE chat_id = $1 AND user_id = $2 RETURNING role";
  private static final String PROMOTE_IF_NO_ADMIN =
      "UPDATE chat_participants SET role = 'admin' WHERE chat_id = $1 AND user_id = ("
          + "SELECT user_id FROM chat_participants WHERE chat_id = $1 ORDER BY joined_at, user_id LIMIT 1) "
          + "AND NOT EXISTS (SELECT 1 FROM chat_participants WHERE chat_id = $1 AND role = 'admin')";
  private static final String COUNT_PARTICIPANTS = "SELECT count(*) AS n FROM chat_participants WHERE chat_id = $1";
  private static final String PRESENCE_AUDIENCE =
      "SELECT DISTINCT d.id FROM chat_participants me JOIN chats c ON c.id = me.chat_id "
          + "JOIN chat_participants other ON other.chat_id = c.id AND other.user_id <> me.user_id "
          + "JOIN devices d ON d.user_id = other.user_id AND d.revoked_at IS NULL "
          + "WHERE me.user_id = $1 AND (c.type = 'direct' "
          + "OR (SELECT count(*) FROM chat_participants n WHERE n.chat_id = c.id) <= $2)";
  private static final int PRESENCE_GROUP_LIMIT = 256;
  private static final String TOUCH_CHAT = "UPDATE chats SET activity_at = now() WHERE id = $1";

  private final Pool pool;

  public ChatRepository(Pool pool) {
    this.pool = pool;
  }

  /** The direct chat between two users, created if needed; {@code created} tells which. */
  public Future<DirectChat> findOrCreateDirect(String newChatId, String callerId, String otherId) {
    String key = Chat.directKey(callerId, otherId);
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT_DIRECT).execute(Tuple.of(newChatId, key, callerId))
        .compose(inserted -> {
          if (inserted.size() == 0) {
            return conn.preparedQuery(DIRECT_BY_KEY).execute(Tuple.of(key))
                .map(rows -> new DirectChat(rows.iterator().next().getString("id"), false));
          }
          return addParticipants(conn, newChatId, List.of(callerId, otherId), "")
              .map(v -> new DirectChat(newChatId, true));
        }));
  }

  public Future<Void> createGroup(String chatId, String name, String organizationId, String creatorId,
      List<String> participantIds, InTransaction<Void> also) {
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT_GROUP)
        .execute(Tuple.of(chatId, name, organizationId, creatorId))
        .compose(v -> addParticipants(conn, chatId, participantIds, creatorId))
        .compose(v -> also.write(conn, null)));
  }

  /** Adds users as members (existing participants are left as they are), in the caller's transaction. */
  private static Future<Void> addParticipants(SqlConnection conn, String chatId, List<String> userIds, String adminId) {
    return conn.preparedQuery(INSERT_PARTICIPANTS)
        .execute(Tuple.of(chatId, userIds.toArray(new String[0]), adminId)).mapEmpty();
  }

  public Future<Void> addMembers(String chatId, List<String> userIds, InTransaction<Void> also) {
    return pool.withTransaction(conn -> addParticipants(conn, chatId, userIds, "")
        .compose(v -> conn.preparedQuery(TOUCH_CHAT).execute(Tuple.of(chatId)))
        .compose(v -> also.write(conn, null)));
  }

  /**
   * Removes a participant and, in the same transaction, what was pending for their devices in this
   * chat; the earliest remaining member becomes admin if no admin is left. False when not a participant.
   */
  public Future<Boolean> removeParticipant(String chatId, String userId) {
    return pool.withTransaction(conn -> conn.preparedQuery(REMOVE_PARTICIPANT).execute(Tuple.of(chatId, userId))
        .compose(removed -> removed.size() == 0
            ? Future.succeededFuture(false)
            : DeliveryRepository.dropPendingOfUserInChat(conn, chatId, userId)
                .compose(v -> conn.preparedQuery(PROMOTE_IF_NO_ADMIN).execute(Tuple.of(chatId)))
                .compose(v -> conn.preparedQuery(TOUCH_CHAT).execute(Tuple.of(chatId)))
                .map(v -> true)));
  }

  /** The chat if {@code userId} takes part in it, else null: a chat you are not in does not exist for you. */
  public Future<Chat> findForParticipant(String chatId, String userId) {
    return pool.preparedQuery(FOR_PARTICIPANT).execute(Tuple.of(chatId, userId))
        .map(rows -> rows.size() == 0 ? null : Chat.fromRow(rows.iterator().next()));
  }

  public Future<List<Chat>> listForUser(String userId, PageRequest page) {
    return pool.preparedQuery(LIST_FOR_USER).execute(Tuple.of(userId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Chat::fromRow));
  }

  public Future<Integer> countParticipants(String chatId) {
    return pool.preparedQuery(COUNT_PARTICIPANTS).execute(Tuple.of(chatId))
        .map(rows -> rows.iterator().next().getLong("n").intValue());
  }

  /**
   * The active devices of everyone who shares a direct chat, or a group of at most 256, with the
   * user: who hears about the user's presence.
   */
  public Future<List<String>> presenceAudience(String userId) {
    return pool.preparedQuery(PRESENCE_AUDIENCE).execute(Tuple.of(userId, PRESENCE_GROUP_LIMIT)).map(rows -> {
      List<String> devices = new ArrayList<>(rows.size());
      rows.forEach(row -> devices.add(row.getString("id")));
      return devices;
    });
  }

  /** Participants of each chat with their active devices, in one query for all the chats. */
  public Future<Map<String, List<Participant>>> participants(List<String> chatIds) {
    return pool.preparedQuery(PARTICIPANTS).execute(Tuple.of(chatIds.toArray(new String[0])))
        .map(ChatRepository::groupParticipants);
  }

  private static Map<String, List<Participant>> groupParticipants(RowSet<Row> rows) {
    Map<String, Map<String, Participant>> byChat = new LinkedHashMap<>();
    for (Row row : rows) {
      Map<String, Participant> chat = byChat.computeIfAbsent(row.getString("chat_id"), k -> new LinkedHashMap<>());
      Participant participant = chat.computeIfAbsent(row.getString("user_id"), userId -> new Participant(userId,
          row.getString("role"), PgRows.instant(row, "joined_at"), new ArrayList<>()));
      if (row.getString("device_id") != null) {
        participant.devices().add(new Participant.DeviceKey(row.getString("device_id"), row.getString("public_key")));
      }
    }
    Map<String, List<Participant>> result = new LinkedHashMap<>();
    byChat.forEach((chatId, participants) -> result.put(chatId, List.copyOf(participants.values())));
    return result;
  }

  /** The outcome of asking for a direct chat. */
  public record DirectChat(String chatId, boolean created) {}
}
