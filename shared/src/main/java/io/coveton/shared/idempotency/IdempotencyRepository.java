package io.coveton.shared.idempotency;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** All SQL about Idempotency-Key records. Records older than 24 hours count as absent. */
public final class IdempotencyRepository {
  private static final String CLAIM =
      "INSERT INTO idempotency_records (scope, idempotency_key, request_hash) VALUES ($1, $2, $3) "
          + "ON CONFLICT (scope, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
          + "status_code = NULL, response_body = NULL, created_at = now(), completed_at = NULL "
          + "WHERE idempotency_records.created_at < now() - interval '24 hours' RETURNING scope";
  private static final String FIND =
      "SELECT request_hash, status_code, response_body FROM idempotency_records "
          + "WHERE scope = $1 AND idempotency_key = $2";
  private static final String COMPLETE =
      "UPDATE idempotency_records SET status_code = $3, response_body = $4, completed_at = now() "
          + "WHERE scope = $1 AND idempotency_key = $2";
  private static final String RELEASE =
      "DELETE FROM idempotency_records WHERE scope = $1 AND idempotency_key = $2 AND status_code IS NULL";
  private static final String PURGE =
      "DELETE FROM idempotency_records WHERE created_at < now() - interval '24 hours'";

  private final Pool pool;

  public IdempotencyRepository(Pool pool) {
    this.pool = pool;
  }

  /** Claims the key for a new request; null when it was claimed before (then see {@link #find}). */
  public Future<Boolean> claim(String scope, String key, byte[] requestHash) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(scope, key, Buffer.buffer(requestHash)))
        .map(rows -> rows.size() > 0);
  }

  public Future<IdempotencyRecord> find(String scope, String key) {
    return pool.preparedQuery(FIND).execute(Tuple.of(scope, key))
        .map(rows -> rows.size() == 0 ? null : IdempotencyRecord.fromRow(rows.iterator().next()));
  }

  public Future<Void> complete(String scope, String key, int status, Buffer body) {
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(scope, key, status, body)).mapEmpty();
  }

  public Future<Void> release(String scope, String key) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(scope, key)).mapEmpty();
  }

  public Future<Integer> purgeExpired() {
    return pool.query(PURGE).execute().map(rows -> rows.rowCount());
  }
}
