package io.coveton.shared.outbox;

import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** All SQL about the outbox tables. */
public final class OutboxRepository {
  private static final String APPEND =
      "WITH event AS (INSERT INTO outbox_events (type, aggregate_id, payload) VALUES ($1, $2, $3::jsonb) "
          + "RETURNING id, aggregate_id) "
          + "INSERT INTO outbox_deliveries (consumer, event_id, aggregate_id) "
          + "SELECT c, event.id, event.aggregate_id FROM event, unnest($4::text[]) AS c";
  // An aggregate is taken by locking its oldest delivery (its head), which is due only once it is
  // the oldest; whoever holds the head also takes the aggregate's later deliveries, in order (nobody
  // else can: for them the head still exists).
  private static final String CLAIM_DUE =
      "WITH heads AS (SELECT d.aggregate_id FROM outbox_deliveries d WHERE d.consumer = $1 "
          + "AND d.next_attempt_at <= now() AND NOT EXISTS (SELECT 1 FROM outbox_deliveries p "
          + "WHERE p.consumer = d.consumer AND p.aggregate_id = d.aggregate_id AND p.event_id < d.event_id) "
          + "ORDER BY d.event_id LIMIT $2 FOR UPDATE OF d SKIP LOCKED) "
          + "SELECT d.event_id, d.attempts, e.type, e.aggregate_id, e.payload, e.created_at "
          + "FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id "
          + "WHERE d.consumer = $1 AND d.aggregate_id IN (SELECT aggregate_id FROM heads) "
          + "ORDER BY d.event_id LIMIT $2 FOR UPDATE OF d SKIP LOCKED";
  private static final String DONE = "DELETE FROM outbox_deliveries WHERE consumer = $1 AND event_id = $2";
  private static final String RETRY_LATER =
      "UPDATE outbox_deliveries SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $3), "
          + "last_error = left($4, 500) WHERE consumer = $1 AND event_id = $2";
  private static final String OLDEST =
      "SELECT e.created_at FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id "
          + "WHERE d.consumer = $1 ORDER BY d.event_id LIMIT 1";
  private static final String PURGE_DISPATCHED =
      "DELETE FROM outbox_events e WHERE e.id IN (SELECT o.id FROM outbox_events o "
          + "WHERE o.created_at < now() - interval '1 minute' AND NOT EXISTS "
          + "(SELECT 1 FROM outbox_deliveries d WHERE d.event_id = o.id) ORDER BY o.id LIMIT $1)";

  private final Pool pool;

  public OutboxRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  static Future<Void> append(SqlConnection tx, String type, String aggregateId, JsonObject payload,
      List<String> consumers) {
    return tx.preparedQuery(APPEND).execute(Tuple.of(type, aggregateId, payload.encode(),
        consumers.toArray(String[]::new))).mapEmpty();
  }

  Future<List<OutboxEvent>> claimDue(SqlConnection tx, String consumer, int limit) {
    return tx.preparedQuery(CLAIM_DUE).execute(Tuple.of(consumer, limit))
        .map(rows -> PgRows.list(rows, OutboxRepository::event));
  }

  Future<Void> done(SqlConnection tx, String consumer, long eventId) {
    return tx.preparedQuery(DONE).execute(Tuple.of(consumer, eventId)).mapEmpty();
  }

  Future<Void> retryLater(SqlConnection tx, String consumer, long eventId, Duration delay, String error) {
    return tx.preparedQuery(RETRY_LATER).execute(Tuple.of(consumer, eventId, delay.toMillis() / 1000.0,
        error == null ? "failed" : error)).mapEmpty();
  }

  /** When the consumer's oldest undispatched event was committed; null when it has none. */
  Future<Instant> oldestUndispatched(String consumer) {
    return pool.preparedQuery(OLDEST).execute(Tuple.of(consumer))
        .map(rows -> rows.size() == 0 ? null : PgRows.instant(rows.iterator().next(), "created_at"));
  }

  Future<Integer> purgeDispatched(int limit) {
    return pool.preparedQuery(PURGE_DISPATCHED).execute(Tuple.of(limit)).map(rows -> rows.rowCount());
  }

  private static OutboxEvent event(Row row) {
    Object payload = row.getValue("payload");
    JsonObject json = payload instanceof JsonObject object ? object : new JsonObject(String.valueOf(payload));
    return new OutboxEvent(row.getLong("event_id"), row.getString("type"), row.getString("aggregate_id"), json,
        PgRows.instant(row, "created_at"), row.getInteger("attempts") + 1);
  }
}
