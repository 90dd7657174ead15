package io.coveton.shared.webhooks;

import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** All SQL about webhook endpoints, their deliveries and the attempts of each. */
public final class WebhookRepository {
  private static final String E = WebhookEndpoint.COLUMNS;
  private static final String INSERT =
      "INSERT INTO webhook_endpoints (id, organization_id, url, events, secret_sealed, created_by) "
          + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + E;
  private static final String BY_ID = "SELECT " + E + " FROM webhook_endpoints WHERE id = $1";
  private static final String ORGANIZATION_OF = "SELECT organization_id FROM webhook_endpoints WHERE id = $1";
  private static final String OF_ORGANIZATION =
      "SELECT " + E + " FROM webhook_endpoints WHERE organization_id = $1 AND ($2::text IS NULL OR id < $2) "
          + "ORDER BY id DESC LIMIT $3";
  private static final String ACTIVE_OF_ORGANIZATION =
      "SELECT " + E + " FROM webhook_endpoints WHERE organization_id = $1 AND status = 'active'";
  private static final String UPDATE =
      "UPDATE webhook_endpoints SET url = COALESCE($2, url), events = COALESCE($3, events), "
          + "status = COALESCE($4, status), failing_since = CASE WHEN $4 = 'active' THEN NULL ELSE failing_since END, "
          + "updated_at = now() WHERE id = $1 RETURNING " + E;
  private static final String DELETE = "DELETE FROM webhook_endpoints WHERE id = $1";
  private static final String ROTATE =
      "UPDATE webhook_endpoints SET previous_secret_sealed = secret_sealed, "
          + "previous_secret_expires_at = now() + make_interval(secs => $3), secret_sealed = $2, updated_at = now() "
          + "WHERE id = $1 RETURNING " + E;
  private static final String ENQUEUE =
      "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, body) VALUES ($1, $2, $3, $4, $5) "
          + "ON CONFLICT (endpoint_id, event_id) DO NOTHING";
  private static final String CLAIM =
      "UPDATE webhook_deliveries d SET claimed_at = now(), attempts = attempts + 1 WHERE d.id IN ("
          + "SELECT x.id FROM webhook_deliveries x JOIN webhook_endpoints e ON e.id = x.endpoint_id "
          + "WHERE x.status = 'pending' AND e.status = 'active' AND x.next_attempt_at <= now() "
          + "AND (x.claimed_at IS NULL OR x.claimed_at < now() - make_interval(secs => $2)) "
          + "ORDER BY x.next_attempt_at LIMIT $1 FOR UPDATE OF x SKIP LOCKED) "
          + "RETURNING d.id, d.endpoint_id, d.event_id, d.event_type, d.body, d.attempts, d.created_at";
  private static final String ATTEMPT =
      "INSERT INTO webhook_attempts (delivery_id, attempt, duration_millis, response_status, response_body, error) "
          + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
  // "AND attempts = ...": a sender whose lease ran out does not overwrite the newer claim's outcome
  private static final String SUCCEEDED =
      "UPDATE webhook_deliveries SET status = 'succeeded', claimed_at = NULL WHERE id = $1 AND attempts = $2";
  private static final String RETRY_LATER =
      "UPDATE webhook_deliveries SET claimed_at = NULL, next_attempt_at = now() + make_interval(secs => $2), "
          + "status = CASE WHEN created_at < now() - make_interval(secs => $3) THEN 'abandoned' ELSE 'pending' END "
          + "WHERE id = $1 AND attempts = $4 RETURNING status";
  private static final String HEALTHY = "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1";
  private static final String FAILING =
      "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, now()) WHERE id = $1";
  // failing for the whole retry window in a row: disabled, by exactly one of the concurrent failures
  private static final String DISABLE =
      "UPDATE webhook_endpoints SET status = 'disabled', updated_at = now() WHERE id = $1 AND status = 'active' "
          + "AND failing_since < now() - make_interval(secs => $2) RETURNING id";
  private static final String DELIVERIES =
      "SELECT d.id, d.event_id, d.event_type, d.status, d.attempts, d.created_at, d.next_attempt_at, "
          + "COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'attemptedAt', a.attempted_at, "
          + "'durationMillis', a.duration_millis, 'responseStatus', a.response_status, 'responseBody', a.response_body, "
          + "'error', a.error) ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts_log "
          + "FROM webhook_deliveries d WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.id < $2) "
          + "ORDER BY d.id DESC LIMIT $3";
  private static final String REDELIVER =
      "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), claimed_at = NULL "
          + "WHERE id = $1 AND endpoint_id = $2 RETURNING id";

  private final Pool pool;

  public WebhookRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<WebhookEndpoint> insert(SqlConnection tx, String id, String organizationId, String url,
      List<String> events, String secretSealed, String createdBy) {
    return tx.preparedQuery(INSERT).execute(Tuple.tuple().addValue(id).addValue(organizationId).addValue(url)
        .addValue(events.toArray(new String[0])).addValue(secretSealed).addValue(createdBy)).map(WebhookRepository::one);
  }

  public Future<WebhookEndpoint> find(String id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(WebhookRepository::one);
  }

  public Future<String> organizationOf(String id) {
    return pool.preparedQuery(ORGANIZATION_OF).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("organization_id"));
  }

  public Future<List<WebhookEndpoint>> ofOrganization(String organizationId, PageRequest page) {
    return pool.preparedQuery(OF_ORGANIZATION).execute(Tuple.of(organizationId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, WebhookEndpoint::fromRow));
  }

  public Future<List<WebhookEndpoint>> activeOf(SqlConnection tx, String organizationId) {
    return tx.preparedQuery(ACTIVE_OF_ORGANIZATION).execute(Tuple.of(organizationId))
        .map(rows -> PgRows.list(rows, WebhookEndpoint::fromRow));
  }

  /** Null arguments leave the field as it is; status {@code active} clears the failure streak. */
  public Future<WebhookEndpoint> update(SqlConnection tx, String id, String url, List<String> events, String status) {
    return tx.preparedQuery(UPDATE).execute(Tuple.tuple().addValue(id).addValue(url)
        .addValue(events == null ? null : events.toArray(new String[0])).addValue(status)).map(WebhookRepository::one);
  }

  public Future<Boolean> delete(SqlConnection tx, String id) {
    return tx.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  /** The current secret becomes the previous one, still signing for {@code overlap}. */
  public Future<WebhookEndpoint> rotate(SqlConnection tx, String id, String newSecretSealed, Duration overlap) {
    return tx.preparedQuery(ROTATE).execute(Tuple.of(id, newSecretSealed, (double) overlap.toSeconds()))
        .map(WebhookRepository::one);
  }

  public Future<Void> enqueue(SqlConnection tx, String id, String endpointId, String eventId, String type,
      String body) {
    return tx.preparedQuery(ENQUEUE).execute(Tuple.of(id, endpointId, eventId, type, body)).mapEmpty();
  }

  /** Due deliveries of active endpoints, leased for {@code lease} to this claimer. */
  public Future<List<Claimed>> claimDue(int limit, Duration lease) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) lease.toSeconds())).map(rows -> PgRows.list(rows,
        row -> new Claimed(row.getString("id"), row.getString("endpoint_id"), row.getString("event_id"),
            row.getString("event_type"), row.getString("body"), row.getInteger("attempts"),
            PgRows.instant(row, "created_at"))));
  }

  public Future<Void> recordAttempt(Claimed delivery, long durationMillis, Integer status, String body, String error) {
    return pool.preparedQuery(ATTEMPT).execute(Tuple.tuple().addValue(delivery.id()).addValue(delivery.attempts())
        .addValue((int) durationMillis).addValue(status).addValue(body).addValue(error)).mapEmpty();
  }

  public Future<Void> succeeded(Claimed delivery) {
    return pool.preparedQuery(SUCCEEDED).execute(Tuple.of(delivery.id(), delivery.attempts()))
        .compose(v -> pool.preparedQuery(HEALTHY).execute(Tuple.of(delivery.endpointId()))).mapEmpty();
  }

  /** Tries again after {@code delay}, or gives up once the delivery is older than {@code window}; abandoned? */
  public Future<Boolean> retryLater(Claimed delivery, Duration delay, Duration window) {
    return pool.preparedQuery(RETRY_LATER).execute(Tuple.of(delivery.id(), delay.toMillis() / 1000.0,
            (double) window.toSeconds(), delivery.attempts()))
        .map(rows -> rows.size() > 0 && "abandoned".equals(rows.iterator().next().getString("status")));
  }

  /** The endpoint failed again; true when this failure disabled it (failing for the whole window). */
  public Future<Boolean> failing(String endpointId, Duration window) {
    return pool.preparedQuery(FAILING).execute(Tuple.of(endpointId)).compose(v -> pool.preparedQuery(DISABLE)
        .execute(Tuple.of(endpointId, (double) window.toSeconds())).map(rows -> rows.size() > 0));
  }

  public Future<List<JsonObject>> deliveries(String endpointId, PageRequest page) {
    return pool.preparedQuery(DELIVERIES).execute(Tuple.of(endpointId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, row -> new JsonObject().put("id", row.getString("id"))
            .put("eventId", row.getString("event_id")).put("type", row.getString("event_type"))
            .put("status", row.getString("status")).put("attempts", row.getInteger("attempts"))
            .put("createdAt", PgRows.instant(row, "created_at").toString())
            .put("nextAttemptAt", PgRows.instant(row, "next_attempt_at").toString())
            .put("log", new io.vertx.core.json.JsonArray(String.valueOf(row.getValue("attempts_log"))))));
  }

  /** Sends it again now (whatever its status); false when it is not this endpoint's. */
  public Future<Boolean> redeliver(String endpointId, String deliveryId) {
    return pool.preparedQuery(REDELIVER).execute(Tuple.of(deliveryId, endpointId)).map(rows -> rows.size() > 0);
  }

  private static WebhookEndpoint one(RowSet<Row> rows) {
    return rows.size() == 0 ? null : WebhookEndpoint.fromRow(rows.iterator().next());
  }

  /** A delivery this sender holds, with the attempt number it is making. */
  public record Claimed(String id, String endpointId, String eventId, String type, String body, int attempts,
      Instant createdAt) {}
}
