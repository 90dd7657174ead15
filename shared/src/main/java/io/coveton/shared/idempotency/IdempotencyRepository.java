package io.coveton.shared.idempotency;

import io.coveton.shared.crypto.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * All SQL about Idempotency-Key records. Records older than 24 hours count as absent; a record
 * still running for longer than {@link #LEASE} belongs to an attempt whose node died.
 */
public final class IdempotencyRepository {
  private static final String LEASE = "2 minutes";
  private static final String EXPIRED = "r.created_at < now() - interval '24 hours'";
  private static final String CLAIM =
      "INSERT INTO idempotency_records AS r (scope, idempotency_key, request_hash, reserved_id) "
          + "VALUES ($1, $2, $3, $4) ON CONFLICT (scope, idempotency_key) DO UPDATE SET "
          + "request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, completed_at = NULL, "
          + "released = false, claimed_at = now(), "
          + "reserved_id = CASE WHEN " + EXPIRED + " THEN EXCLUDED.reserved_id ELSE r.reserved_id END, "
          + "created_at = CASE WHEN " + EXPIRED + " THEN now() ELSE r.created_at END "
          + "WHERE " + EXPIRED + " OR (r.status_code IS NULL AND r.request_hash = EXCLUDED.request_hash "
          + "AND (r.released OR r.claimed_at < now() - interval '" + LEASE + "')) RETURNING reserved_id";
  private static final String FIND =
      "SELECT request_hash, status_code, response_body FROM idempotency_records "
          + "WHERE scope = $1 AND idempotency_key = $2";
  private static final String COMPLETE =
      "UPDATE idempotency_records SET status_code = $3, response_body = $4, completed_at = now() "
          + "WHERE scope = $1 AND idempotency_key = $2 AND status_code IS NULL";
  private static final String RESERVE =
      "UPDATE idempotency_records SET reserved_id = $3 WHERE scope = $1 AND idempotency_key = $2 AND status_code IS NULL";
  private static final String RELEASE =
      "UPDATE idempotency_records SET released = true WHERE scope = $1 AND idempotency_key = $2 AND status_code IS NULL";
  private static final String PURGE =
      "DELETE FROM idempotency_records WHERE created_at < now() - interval '24 hours'";

  /** Whether this caller now runs the key, and the id its resource is to be created under. */
  public record Claim(boolean claimed, String reservedId) {}

  private static final byte SEALED = 1;
  private final Pool pool;
  private final SecretBox box;

  /**
   * Stored answers are sealed with {@code box}: some carry secrets (a refresh token, an invite token)
   * that exist nowhere else except as hashes.
   */
  public IdempotencyRepository(Pool pool, SecretBox box) {
    this.pool = pool;
    this.box = box;
  }

  /**
   * Claims the key for a new attempt: a fresh key, an expired one, or one whose earlier attempt with
   * the same request was released or outlived its lease (then the earlier reserved id is kept).
   */
  public Future<Claim> claim(String scope, String key, byte[] requestHash, String proposedId) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(scope, key, Buffer.buffer(requestHash), proposedId))
        .map(rows -> rows.size() == 0 ? new Claim(false, null)
            : new Claim(true, rows.iterator().next().getString("reserved_id")));
  }

  public Future<IdempotencyRecord> find(String scope, String key) {
    return pool.preparedQuery(FIND).execute(Tuple.of(scope, key)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      IdempotencyRecord stored = IdempotencyRecord.fromRow(rows.iterator().next());
      Buffer sealed = stored.responseBody();
      if (sealed == null || sealed.length() == 0 || sealed.getByte(0) != SEALED) {
        return stored; // stored before answers were sealed, and carrying no secret (see V8): expires in 24 h
      }
      return new IdempotencyRecord(stored.requestHash(), stored.statusCode(),
          Buffer.buffer(box.open(sealed.getBytes(), context(scope, key))));
    });
  }

  public Future<Void> complete(String scope, String key, int status, Buffer body) {
    Buffer sealed = Buffer.buffer(box.seal(body.getBytes(), context(scope, key)));
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(scope, key, status, sealed)).mapEmpty();
  }

  public Future<Void> reserve(String scope, String key, String id) {
    return pool.preparedQuery(RESERVE).execute(Tuple.of(scope, key, id)).mapEmpty();
  }

  public Future<Void> release(String scope, String key) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(scope, key)).mapEmpty();
  }

  private static String context(String scope, String key) {
    return "idempotency|" + scope + "|" + key;
  }

  public Future<Integer> purgeExpired() {
    return pool.query(PURGE).execute().map(rows -> rows.rowCount());
  }
}
