package io.coveton.shared.accounts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** All SQL about password reset tokens, kept only as hashes; a newer token voids the older ones. */
public final class PasswordResetRepository {
  private static final String VOID_OLDER =
      "UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL";
  private static final String INSERT =
      "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)";
  private static final String USABLE =
      "SELECT 1 FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()";
  private static final String TAKE =
      "UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() "
          + "RETURNING user_id";

  private final Pool pool;

  public PasswordResetRepository(Pool pool) {
    this.pool = pool;
  }

  /** Whether the token could be used now (a read; {@link #take} decides, under the row lock). */
  public Future<Boolean> usable(byte[] tokenHash) {
    return pool.preparedQuery(USABLE).execute(Tuple.of(Buffer.buffer(tokenHash))).map(rows -> rows.size() > 0);
  }

  public Future<Void> issue(SqlConnection tx, byte[] tokenHash, String userId, Instant expiresAt) {
    return tx.preparedQuery(VOID_OLDER).execute(Tuple.of(userId))
        .compose(v -> tx.preparedQuery(INSERT).execute(Tuple.of(Buffer.buffer(tokenHash), userId,
            OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))))
        .mapEmpty();
  }

  /** Uses the token (once, before it expires) inside the caller's transaction; its user, or null. */
  public Future<String> take(SqlConnection tx, byte[] tokenHash) {
    return tx.preparedQuery(TAKE).execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("user_id"));
  }
}
