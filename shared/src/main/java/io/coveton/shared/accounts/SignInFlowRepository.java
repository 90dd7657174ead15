package io.coveton.shared.accounts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * All SQL about sign-ins with identity providers while they are under way: the state of each
 * redirect to a provider, and the one-time codes handed back to apps. Both are kept as hashes and
 * used at most once.
 */
public final class SignInFlowRepository {
  private static final String SAVE_STATE =
      "INSERT INTO oauth_states (state_hash, provider, redirect_uri, nonce, verifier_sealed, app_challenge, "
          + "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  private static final String TAKE_STATE =
      "DELETE FROM oauth_states WHERE state_hash = $1 "
          + "RETURNING provider, redirect_uri, nonce, verifier_sealed, app_challenge, expires_at > now() AS live";
  private static final String ISSUE_CODE =
      "INSERT INTO oauth_codes (code_hash, user_id, provider, new_account, app_challenge, expires_at) "
          + "VALUES ($1, $2, $3, $4, $5, $6)";
  private static final String TAKE_CODE =
      "UPDATE oauth_codes SET used_at = now() WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() "
          + "RETURNING user_id, provider, new_account, app_challenge";
  private static final String PURGE_STATES =
      "DELETE FROM oauth_states WHERE state_hash IN "
          + "(SELECT state_hash FROM oauth_states WHERE expires_at < now() LIMIT $1)";
  private static final String PURGE_CODES =
      "DELETE FROM oauth_codes WHERE code_hash IN "
          + "(SELECT code_hash FROM oauth_codes WHERE expires_at < now() LIMIT $1)";

  private final Pool pool;

  public SignInFlowRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> saveState(byte[] stateHash, PendingSignIn pending, Instant expiresAt) {
    return pool.preparedQuery(SAVE_STATE).execute(Tuple.of(Buffer.buffer(stateHash), pending.provider(),
        pending.redirectUri(), pending.nonce(), pending.verifierSealed(), pending.appChallenge(), utc(expiresAt)))
        .mapEmpty();
  }

  /** Removes the state (a second callback with it finds nothing); what it held while it was live, or null. */
  public Future<PendingSignIn> takeState(byte[] stateHash) {
    return pool.preparedQuery(TAKE_STATE).execute(Tuple.of(Buffer.buffer(stateHash))).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return row.getBoolean("live") ? new PendingSignIn(row.getString("provider"), row.getString("redirect_uri"),
          row.getString("nonce"), row.getString("verifier_sealed"), row.getString("app_challenge")) : null;
    });
  }

  public Future<Void> issueCode(SqlConnection tx, byte[] codeHash, SignInGrant grant, Instant expiresAt) {
    return tx.preparedQuery(ISSUE_CODE).execute(Tuple.of(Buffer.buffer(codeHash), grant.userId(), grant.provider(),
        grant.newAccount(), grant.appChallenge(), utc(expiresAt))).mapEmpty();
  }

  /** Uses the code, once and before it expires; what it grants, or null. */
  public Future<SignInGrant> takeCode(byte[] codeHash) {
    return pool.preparedQuery(TAKE_CODE).execute(Tuple.of(Buffer.buffer(codeHash))).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new SignInGrant(row.getString("user_id"), row.getString("provider"), row.getBoolean("new_account"),
          row.getString("app_challenge"));
    });
  }

  /** Deletes up to {@code limit} expired states; how many went. */
  public Future<Integer> purgeExpiredStates(int limit) {
    return pool.preparedQuery(PURGE_STATES).execute(Tuple.of(limit)).map(rows -> rows.rowCount());
  }

  /** Deletes up to {@code limit} expired codes, used or not; how many went. */
  public Future<Integer> purgeExpiredCodes(int limit) {
    return pool.preparedQuery(PURGE_CODES).execute(Tuple.of(limit)).map(rows -> rows.rowCount());
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /**
   * A redirect to a provider awaiting its callback; the PKCE verifier (toward the provider) is
   * sealed; {@code appChallenge}: the app's own S256 challenge, or null.
   */
  public record PendingSignIn(String provider, String redirectUri, String nonce, String verifierSealed,
      String appChallenge) {}

  /** What a one-time code stands for: a sign-in of this account, which it may have just created. */
  public record SignInGrant(String userId, String provider, boolean newAccount, String appChallenge) {}
}
