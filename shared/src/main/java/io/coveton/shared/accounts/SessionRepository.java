package io.coveton.shared.accounts;

import io.coveton.shared.persistence.InTransaction;
import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** All SQL about sessions and their refresh tokens. */
public final class SessionRepository {
  private static final String INSERT_SESSION =
      "INSERT INTO sessions (id, user_id, ip, user_agent, location, expires_at) VALUES ($1, $2, $3, $4, $5, $6) "
          + "RETURNING " + Session.COLUMNS;
  private static final String INSERT_TOKEN = "INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)";
  private static final String USE_TOKEN =
      "UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id";
  private static final String TOKEN_SESSION =
      "SELECT s.id, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $1";
  private static final String TOUCH_ACTIVE =
      "UPDATE sessions SET last_seen_at = now(), ip = COALESCE($2, ip), user_agent = COALESCE($3, user_agent) "
          + "WHERE id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING " + Session.COLUMNS;
  private static final String BY_REFRESH_TOKEN =
      "SELECT " + Session.COLUMNS.replaceAll("(\\w+)", "s.$1") + " FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id "
          + "WHERE t.token_hash = $1";
  private static final String BY_ID = "SELECT " + Session.COLUMNS + " FROM sessions WHERE id = $1";
  private static final String LIST_ACTIVE =
      "SELECT " + Session.COLUMNS + " FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() "
          + "AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3";
  private static final String REVOKE =
      "UPDATE sessions SET revoked_at = now(), revoked_reason = $3 WHERE id = $1 AND user_id = $2 "
          + "AND revoked_at IS NULL RETURNING id";
  private static final String REVOKE_ALL_OF_USER =
      "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id";
  private static final String REVOKE_ANY =
      "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL";
  private static final String TOUCH_SEEN =
      "UPDATE sessions SET last_seen_at = now() WHERE id = $1 AND last_seen_at < now() - interval '60 seconds'";

  private final Pool pool;

  public SessionRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates a session with its first refresh token, in one transaction. */
  public Future<Session> create(NewSession session, byte[] refreshTokenHash, InTransaction<Session> also) {
    Tuple params = Tuple.of(session.id(), session.userId(), session.ip(), session.userAgent(), session.location(),
        OffsetDateTime.ofInstant(session.expiresAt(), ZoneOffset.UTC));
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT_SESSION).execute(params)
        .compose(rows -> conn.preparedQuery(INSERT_TOKEN).execute(Tuple.of(Buffer.buffer(refreshTokenHash), session.id()))
            .map(ignored -> Session.fromRow(rows.iterator().next())))
        .compose(created -> also.write(conn, created).map(created)));
  }

  /**
   * Marks the presented token used and, if it was current and its session active, stores its
   * successor. Row locking makes two concurrent rotations of one token end with at most one
   * success; the loser counts as a replay and revokes the family.
   */
  public Future<RefreshOutcome> rotate(byte[] presentedHash, byte[] nextHash, String ip, String userAgent) {
    return pool.withTransaction(conn -> conn.preparedQuery(USE_TOKEN).execute(Tuple.of(Buffer.buffer(presentedHash)))
        .compose(used -> used.size() == 0
            ? replayOrUnknown(conn, presentedHash)
            : continueSession(conn, used.iterator().next().getString("session_id"), nextHash, ip, userAgent)));
  }

  private Future<RefreshOutcome> continueSession(
      SqlConnection conn, String sessionId, byte[] nextHash, String ip, String userAgent) {
    return conn.preparedQuery(TOUCH_ACTIVE).execute(Tuple.of(sessionId, ip, userAgent)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(new RefreshOutcome.Rejected());
      }
      Session session = Session.fromRow(rows.iterator().next());
      return conn.preparedQuery(INSERT_TOKEN).execute(Tuple.of(Buffer.buffer(nextHash), sessionId))
          .map(ignored -> new RefreshOutcome.Rotated(session));
    });
  }

  private Future<RefreshOutcome> replayOrUnknown(SqlConnection conn, byte[] presentedHash) {
    return conn.preparedQuery(TOKEN_SESSION).execute(Tuple.of(Buffer.buffer(presentedHash))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(new RefreshOutcome.Rejected());
      }
      Row row = rows.iterator().next();
      String sessionId = row.getString("id");
      return conn.preparedQuery(REVOKE_ANY).execute(Tuple.of(sessionId, "refresh_token_reuse"))
          .map(ignored -> new RefreshOutcome.Replayed(sessionId, row.getString("user_id")));
    });
  }

  public Future<Session> findById(String sessionId) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? null : Session.fromRow(rows.iterator().next()));
  }

  /** The session a refresh token (current or used) belongs to, whatever its state. */
  public Future<Session> findByRefreshToken(byte[] tokenHash) {
    return pool.preparedQuery(BY_REFRESH_TOKEN).execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(rows -> rows.size() == 0 ? null : Session.fromRow(rows.iterator().next()));
  }

  public Future<List<Session>> listActive(String userId, PageRequest page) {
    return pool.preparedQuery(LIST_ACTIVE).execute(Tuple.of(userId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Session::fromRow));
  }

  /** Revokes one of the user's sessions; false when it is not theirs, unknown, or already revoked. */
  public Future<Boolean> revoke(String sessionId, String userId, String reason, InTransaction<String> also) {
    return pool.withTransaction(tx -> tx.preparedQuery(REVOKE).execute(Tuple.of(sessionId, userId, reason))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : also.write(tx, sessionId).map(true)));
  }

  /** Records activity at most once a minute per session, to keep the read path cheap. */
  /** Revokes every active session of the user inside the caller's transaction; answers their ids. */
  public Future<List<String>> revokeAll(SqlConnection tx, String userId, String reason) {
    return tx.preparedQuery(REVOKE_ALL_OF_USER).execute(Tuple.of(userId, reason))
        .map(rows -> PgRows.list(rows, row -> row.getString("id")));
  }

  public Future<Void> touch(String sessionId) {
    return pool.preparedQuery(TOUCH_SEEN).execute(Tuple.of(sessionId)).mapEmpty();
  }

  /** The fields of a session about to be created. */
  public record NewSession(String id, String userId, String ip, String userAgent, String location, Instant expiresAt) {}
}
