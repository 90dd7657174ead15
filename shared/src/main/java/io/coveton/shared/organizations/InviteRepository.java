package io.coveton.shared.organizations;

import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.accounts.User;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** All SQL about invites. */
public final class InviteRepository {
  private static final String INSERT =
      "INSERT INTO invites (id, organization_id, email, email_normalized, role_id, token_hash, invited_by, expires_at) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + Invite.COLUMNS;
  private static final String BY_TOKEN = "SELECT " + Invite.COLUMNS + " FROM invites WHERE token_hash = $1 FOR UPDATE";
  private static final String BY_ID = "SELECT " + Invite.COLUMNS + " FROM invites WHERE id = $1";
  private static final String PENDING =
      "SELECT " + Invite.COLUMNS + " FROM invites WHERE organization_id = $1 AND accepted_at IS NULL "
          + "AND revoked_at IS NULL AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3";
  private static final String MEMBER_BY_EMAIL =
      "SELECT 1 FROM organization_members m JOIN users u ON u.id = m.user_id "
          + "WHERE m.organization_id = $1 AND u.email_normalized = $2";
  private static final String ACCEPT = "UPDATE invites SET accepted_at = now(), accepted_by = $2 WHERE id = $1";
  private static final String NEW_TOKEN =
      "UPDATE invites SET token_hash = $2, expires_at = $3 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL "
          + "RETURNING " + Invite.COLUMNS;
  private static final String REVOKE =
      "UPDATE invites SET revoked_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL";

  private static final String PENDING_COUNT =
      "SELECT count(*) AS n FROM invites WHERE organization_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL "
          + "AND expires_at > now()";
  private final Pool pool;

  public InviteRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores a pending invite; 409 when the email is already a member or already invited. */
  public Future<Invite> create(SqlConnection conn, String id, String organizationId, String email, String roleId,
      byte[] tokenHash, String invitedBy, Instant expiresAt) {
    String normalized = User.normalizeEmail(email);
    return conn.preparedQuery(MEMBER_BY_EMAIL).execute(Tuple.of(organizationId, normalized)).compose(rows -> {
      if (rows.size() > 0) {
        return Future.failedFuture(ApiException.conflict("This person is already a member."));
      }
      return conn.preparedQuery(INSERT).execute(Tuple.tuple().addValue(id).addValue(organizationId).addValue(email)
              .addValue(normalized).addValue(roleId).addValue(Buffer.buffer(tokenHash)).addValue(invitedBy)
              .addValue(OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
          .map(inserted -> Invite.fromRow(inserted.iterator().next()))
          .recover(e -> PgErrors.isUniqueViolation(e, "invites_one_pending")
              ? Future.failedFuture(ApiException.conflict("This email already has a pending invite."))
              : Future.failedFuture(e));
    });
  }

  /** A pending invite gets a new token (the old one stops working) and a new expiry; null if not pending. */
  public Future<Invite> replaceToken(SqlConnection conn, String inviteId, byte[] tokenHash, Instant expiresAt) {
    return conn.preparedQuery(NEW_TOKEN).execute(Tuple.of(inviteId, Buffer.buffer(tokenHash),
            OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
        .map(rows -> rows.size() == 0 ? null : Invite.fromRow(rows.iterator().next()));
  }

  /** The invite behind a token, locked for the rest of the caller's transaction; null if unknown. */
  public Future<Invite> lockByToken(SqlConnection conn, byte[] tokenHash) {
    return conn.preparedQuery(BY_TOKEN).execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(rows -> rows.size() == 0 ? null : Invite.fromRow(rows.iterator().next()));
  }

  public Future<Invite> find(String id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : Invite.fromRow(rows.iterator().next()));
  }

  public Future<List<Invite>> pending(String organizationId, PageRequest page) {
    return pool.preparedQuery(PENDING).execute(Tuple.of(organizationId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Invite::fromRow));
  }

  public Future<Void> markAccepted(SqlConnection conn, String inviteId, String userId) {
    return conn.preparedQuery(ACCEPT).execute(Tuple.of(inviteId, userId)).mapEmpty();
  }

  /** Revokes a pending invite; false when it was not pending. */
  public Future<Boolean> revoke(SqlConnection conn, String inviteId) {
    return conn.preparedQuery(REVOKE).execute(Tuple.of(inviteId)).map(rows -> rows.rowCount() > 0);
  }

  /** Invites still open (not accepted, revoked or expired), in the caller's transaction. */
  public Future<Long> countPending(SqlConnection tx, String organizationId) {
    return tx.preparedQuery(PENDING_COUNT).execute(Tuple.of(organizationId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }
}
