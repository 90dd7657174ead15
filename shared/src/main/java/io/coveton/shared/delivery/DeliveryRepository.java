package io.coveton.shared.delivery;

import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All SQL about what each device has yet to acknowledge: the mailbox positions of its envelopes
 * ({@code message_envelopes.position}, written by {@code MessageRepository}), the acknowledgement
 * watermark ({@code mailbox_acks}) and its head ({@code mailbox_heads}).
 */
public final class DeliveryRepository {
  // The device's envelopes after a position, by the mailbox index, then each message by primary key,
  // so that the plan never depends on how large the tables have grown. Expired messages are returned
  // too (the connection skips them) so that a page of expired ones does not look like the end.
  private static final String PENDING =
      "SELECT e.position, m.id, m.chat_id, m.sender_user_id, m.sender_device_id, m.content_type, m.ciphertext, "
          + "m.file_ids, e.header, m.created_at, m.edited_at, m.expires_at FROM ("
          + "SELECT message_id, position, header FROM message_envelopes WHERE device_id = $1 AND position > $2 "
          + "AND NOT acked ORDER BY position LIMIT $3) e "
          + "JOIN messages m ON m.id = e.message_id ORDER BY e.position";
  private static final String STATE =
      "SELECT coalesce((SELECT last_position FROM mailbox_heads WHERE device_id = $1), 0) AS head, "
          + "coalesce((SELECT acked_position FROM mailbox_acks WHERE device_id = $1), 0) AS acked";
  // Watermarks are upserted in device order (no two batches can deadlock) and only ever move forward.
  // The flag updates name the index they use ("= ANY") so that no generic plan scans the table.
  // An acknowledgement commits without waiting for the WAL flush ("relaxed": synchronous_commit off
  // for this statement's own transaction only): losing the last moment of acknowledgements to a
  // database crash only means those envelopes are delivered once more, which clients absorb by
  // deduplicating by id, while a flush per ack batch would double the commit waits that sends (which
  // must be durable before `sent`) queue behind.
  private static final String ACKNOWLEDGE =
      "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)), "
          + "watermarks AS (INSERT INTO mailbox_acks AS a (device_id, acked_position) "
          + "SELECT d, p FROM unnest($1::text[], $2::int8[]) AS w(d, p) ORDER BY d "
          + "ON CONFLICT (device_id) DO UPDATE SET acked_position = greatest(a.acked_position, excluded.acked_position) "
          + "RETURNING 1), "
          + "by_position AS (UPDATE message_envelopes e SET acked = true "
          + "FROM unnest($3::text[], $4::int8[]) AS x(d, p) "
          + "WHERE e.device_id = ANY($3::text[]) AND e.position = ANY($4::int8[]) AND e.device_id = x.d "
          + "AND e.position = x.p RETURNING 1), "
          + "by_id AS (UPDATE message_envelopes e SET acked = true "
          + "FROM unnest($5::text[], $6::text[]) AS y(d, id) "
          + "WHERE e.message_id = ANY($6::text[]) AND e.message_id = y.id AND e.device_id = y.d RETURNING 1) "
          + "SELECT (SELECT count(*) FROM watermarks) + (SELECT count(*) FROM by_position) "
          + "+ (SELECT count(*) FROM by_id) + (SELECT count(*) FROM relaxed) AS written";
  private static final String STILL_PENDING = "NOT e.acked AND e.position > coalesce((SELECT a.acked_position "
      + "FROM mailbox_acks a WHERE a.device_id = e.device_id), 0)";
  private static final String DROP_PENDING_OF_DEVICE =
      "DELETE FROM message_envelopes e WHERE e.device_id = $1 AND " + STILL_PENDING;
  private static final String DROP_PENDING_OF_USER_IN_CHAT =
      "UPDATE message_envelopes e SET acked = true FROM messages m, devices d "
          + "WHERE e.message_id = m.id AND m.chat_id = $1 AND e.device_id = d.id AND d.user_id = $2 AND " + STILL_PENDING;
  // one row per device that was ever written to, not per envelope
  private static final String BACKLOG =
      "SELECT coalesce(sum(h.last_position - coalesce(a.acked_position, 0)), 0)::bigint AS backlog "
          + "FROM mailbox_heads h LEFT JOIN mailbox_acks a ON a.device_id = h.device_id";
  private static final String TOUCH_DEVICE = "UPDATE devices SET last_seen_at = now() WHERE id = $1 RETURNING last_seen_at";

  private final Pool pool;

  public DeliveryRepository(Pool pool) {
    this.pool = pool;
  }

  /** The device's oldest unacknowledged envelopes after {@code afterPosition}, in mailbox order. */
  public Future<List<PendingEnvelope>> pending(String deviceId, long afterPosition, int limit) {
    return pool.preparedQuery(PENDING).execute(Tuple.of(deviceId, afterPosition, limit))
        .map(rows -> PgRows.list(rows, PendingEnvelope::fromRow));
  }

  /** The device's mailbox head and acknowledgement watermark at this moment. */
  public Future<MailboxState> state(String deviceId) {
    return pool.preparedQuery(STATE).execute(Tuple.of(deviceId)).map(rows -> {
      Row row = rows.iterator().next();
      return new MailboxState(row.getLong("head"), row.getLong("acked"));
    });
  }

  /** The acknowledgements of many devices in one statement and one commit. */
  public Future<Void> acknowledgeAll(List<AckUpdate> updates) {
    Map<String, Long> watermarks = new TreeMap<>();
    List<String> positionDevices = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    List<String> idDevices = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (AckUpdate update : updates) {
      if (update.ackedThrough() > 0) {
        watermarks.merge(update.deviceId(), update.ackedThrough(), Math::max);
      }
      update.positionsBeyond().forEach(position -> {
        positionDevices.add(update.deviceId());
        positions.add(position);
      });
      update.messageIdsBeyond().forEach(id -> {
        idDevices.add(update.deviceId());
        ids.add(id);
      });
    }
    Tuple params = Tuple.tuple()
        .addValue(watermarks.keySet().toArray(new String[0]))
        .addValue(watermarks.values().toArray(new Long[0]))
        .addValue(positionDevices.toArray(new String[0]))
        .addValue(positions.toArray(new Long[0]))
        .addValue(idDevices.toArray(new String[0]))
        .addValue(ids.toArray(new String[0]));
    return pool.preparedQuery(ACKNOWLEDGE).execute(params).mapEmpty();
  }

  /** Envelopes a revoked device never acknowledged: dropped in the revocation's transaction. */
  public static Future<Void> dropPendingOfDevice(SqlConnection conn, String deviceId) {
    return conn.preparedQuery(DROP_PENDING_OF_DEVICE).execute(Tuple.of(deviceId)).mapEmpty();
  }

  /** A user left a chat: what their devices had not received from it is no longer theirs to receive. */
  public static Future<Void> dropPendingOfUserInChat(SqlConnection conn, String chatId, String userId) {
    return conn.preparedQuery(DROP_PENDING_OF_USER_IN_CHAT).execute(Tuple.of(chatId, userId)).mapEmpty();
  }

  /** Envelopes not yet acknowledged across all devices (an upper bound: deleted messages still count). */
  public Future<Long> backlog() {
    return pool.query(BACKLOG).execute().map(rows -> rows.iterator().next().getLong("backlog"));
  }

  public Future<Instant> touchDevice(String deviceId) {
    return pool.preparedQuery(TOUCH_DEVICE).execute(Tuple.of(deviceId))
        .map(rows -> rows.size() == 0 ? null : PgRows.instant(rows.iterator().next(), "last_seen_at"));
  }
}
