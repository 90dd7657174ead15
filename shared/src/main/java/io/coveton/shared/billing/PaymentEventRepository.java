package io.coveton.shared.billing;

import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** All SQL about inbound payment events: recorded once per (provider, event id), applied by a job. */
public final class PaymentEventRepository {
  private static final String RECORD =
      "INSERT INTO payment_events (provider, event_id, type, payload) VALUES ($1, $2, $3, $4) "
          + "ON CONFLICT (provider, event_id) DO NOTHING";
  // one claimer at a time per event; events of a provider in the order they arrived
  private static final String CLAIM =
      "SELECT provider, event_id, type, payload FROM payment_events WHERE applied_at IS NULL AND attempts < $1 "
          + "AND next_attempt_at <= now() ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED";
  private static final String APPLIED =
      "UPDATE payment_events SET applied_at = now(), attempts = attempts + 1, last_error = NULL "
          + "WHERE provider = $1 AND event_id = $2";
  // tried again later, 2^attempts seconds on (up to an hour), while later events go on
  private static final String FAILED =
      "UPDATE payment_events SET attempts = attempts + 1, last_error = $3, "
          + "next_attempt_at = now() + make_interval(secs => LEAST(3600, power(2, attempts + 1))) "
          + "WHERE provider = $1 AND event_id = $2";

  private final Pool pool;

  public PaymentEventRepository(Pool pool) {
    this.pool = pool;
  }

  /** False when this event was recorded before (a redelivery). */
  public Future<Boolean> record(String provider, String eventId, String type, JsonObject payload) {
    return pool.preparedQuery(RECORD).execute(Tuple.of(provider, eventId, type, payload))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<List<PaymentEvent>> claim(SqlConnection tx, int maxAttempts, int limit) {
    return tx.preparedQuery(CLAIM).execute(Tuple.of(maxAttempts, limit)).map(rows -> PgRows.list(rows,
        row -> new PaymentEvent(row.getString("provider"), row.getString("event_id"), row.getString("type"),
            (JsonObject) row.getValue("payload"))));
  }

  public Future<Void> applied(SqlConnection tx, PaymentEvent event) {
    return tx.preparedQuery(APPLIED).execute(Tuple.of(event.provider(), event.eventId())).mapEmpty();
  }

  public Future<Void> failed(PaymentEvent event, String error) {
    return pool.preparedQuery(FAILED).execute(Tuple.of(event.provider(), event.eventId(),
        error.length() > 500 ? error.substring(0, 500) : error)).mapEmpty();
  }

  /** A recorded event. */
  public record PaymentEvent(String provider, String eventId, String type, JsonObject payload) {}
}
