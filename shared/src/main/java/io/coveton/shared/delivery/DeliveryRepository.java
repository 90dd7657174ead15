package io.coveton.shared.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** All SQL about what each device has yet to acknowledge. */
public final class DeliveryRepository {
  // the device's oldest pending rows first (index range scan), then each joined by primary key, so
  // that the plan never depends on how large the other tables have grown
  private static final String PENDING =
      "SELECT p.message_seq, m.id, m.chat_id, m.sender_user_id, m.sender_device_id, m.content_type, m.ciphertext, "
          + "e.header, m.created_at, m.edited_at, m.expires_at FROM ("
          + "SELECT message_seq, message_id FROM pending_deliveries WHERE device_id = $1 "
          + "AND NOT (message_seq = ANY($2)) ORDER BY message_seq LIMIT $3) p "
          + "JOIN messages m ON m.id = p.message_id "
          + "JOIN message_envelopes e ON e.message_id = p.message_id AND e.device_id = $1 "
          + "WHERE m.expires_at IS NULL OR m.expires_at > now() ORDER BY p.message_seq";
  private static final String NEWEST_PENDING =
      "SELECT max(message_seq) AS seq FROM pending_deliveries WHERE device_id = $1";
  private static final String ACK_MANY =
      // "message_id = ANY" gives every plan, generic ones made while the table was nearly empty included,
      // an index path: one such plan scanned the whole primary key once per acknowledged id.
      "DELETE FROM pending_deliveries p USING unnest($1::text[], $2::text[]) AS a(device_id, message_id) "
          + "WHERE p.message_id = ANY($2::text[]) AND p.device_id = a.device_id AND p.message_id = a.message_id";
  private static final String TOUCH_DEVICE = "UPDATE devices SET last_seen_at = now() WHERE id = $1 RETURNING last_seen_at";

  private final Pool pool;

  public DeliveryRepository(Pool pool) {
    this.pool = pool;
  }

  /** The oldest pending envelopes of a device, skipping those already in flight on its connection. */
  public Future<List<PendingEnvelope>> pending(String deviceId, long[] inFlightSeqs, int limit) {
    Long[] exclude = new Long[inFlightSeqs.length];
    for (int i = 0; i < inFlightSeqs.length; i++) {
      exclude[i] = inFlightSeqs[i];
    }
    return pool.preparedQuery(PENDING).execute(Tuple.of(deviceId, exclude, limit)).map(rows -> {
      List<PendingEnvelope> pending = new ArrayList<>(rows.size());
      for (Row row : rows) {
        pending.add(PendingEnvelope.fromRow(row));
      }
      return pending;
    });
  }

  /** The newest pending sequence number of a device at this moment; 0 when nothing is pending. */
  public Future<Long> newestPending(String deviceId) {
    return pool.preparedQuery(NEWEST_PENDING).execute(Tuple.of(deviceId)).map(rows -> {
      Long seq = rows.iterator().next().getLong("seq");
      return seq == null ? 0L : seq;
    });
  }

  /** Acknowledgements of many devices in one statement (one commit): pairs of device and message ids. */
  public Future<Void> acknowledgeAll(List<String> deviceIds, List<String> messageIds) {
    return pool.preparedQuery(ACK_MANY)
        .execute(Tuple.of(deviceIds.toArray(new String[0]), (Object) messageIds.toArray(new String[0]))).mapEmpty();
  }

  public Future<java.time.Instant> touchDevice(String deviceId) {
    return pool.preparedQuery(TOUCH_DEVICE).execute(Tuple.of(deviceId))
        .map(rows -> rows.size() == 0 ? null : io.coveton.shared.persistence.PgRows.instant(rows.iterator().next(),
            "last_seen_at"));
  }
}
