package io.coveton.rest.auth;

import io.coveton.shared.accounts.PasswordResetRepository;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.accounts.User;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.outbox.Outbox;
import io.coveton.shared.passwords.PasswordHasher;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Password reset by mail. A request only records itself (an outbox event, throttled per address and
 * per IP) and is answered 202; the account is looked up, the token made and the mail queued
 * afterwards ({@link io.coveton.shared.accounts.AccountMail}), so that status, body and timing are
 * the same for every address. A reset uses its token once, sets the password, revokes every session
 * of the account (closing its relay connections with 4403) and has the account mailed a notice.
 */
public final class PasswordResetService {
  private final Pool pool;
  private final Outbox outbox;
  private final UserRepository users;
  private final SessionRepository sessions;
  private final PasswordResetRepository resets;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final LoginThrottle throttle;
  private final SessionCache sessionCache;

  public PasswordResetService(Pool pool, Outbox outbox, UserRepository users, SessionRepository sessions,
      PasswordResetRepository resets, PasswordHasher hasher, WorkerExecutor hashing, LoginThrottle throttle,
      SessionCache sessionCache) {
    this.pool = pool;
    this.outbox = outbox;
    this.users = users;
    this.sessions = sessions;
    this.resets = resets;
    this.hasher = hasher;
    this.hashing = hashing;
    this.throttle = throttle;
    this.sessionCache = sessionCache;
  }

  public Future<Void> request(String email, String ip) {
    String normalized = User.normalizeEmail(email);
    return throttle.passwordResetRequest(normalized, ip).compose(v -> pool.withTransaction(tx ->
        outbox.emit(tx, "password_reset.requested", "email:" + normalized, new JsonObject().put("email", normalized))));
  }

  public Future<Void> reset(String token, String password) {
    byte[] tokenHash = OpaqueTokens.hash(token);
    // argon2 is spent only on a token that can work: a stream of made-up tokens costs a read each
    return resets.usable(tokenHash).compose(usable -> usable ? hashing.executeBlocking(() -> hasher.hash(password), false)
        : Future.failedFuture(unusable())).compose(passwordHash ->
        pool.withTransaction(tx -> resets.take(tx, tokenHash).compose(userId -> {
          if (userId == null) {
            return Future.<List<String>>failedFuture(unusable());
          }
          return users.findById(userId).compose(user -> users.resetPassword(tx, userId, passwordHash)
              .compose(v -> sessions.revokeAll(tx, userId, "password_reset"))
              .compose(revoked -> outbox.emit(tx, "password.changed", userId, new JsonObject().put("userId", userId)
                  .put("email", user.email()).put("displayName", user.displayName())).map(revoked)));
        })))
        .onSuccess(revoked -> revoked.forEach(sessionCache::revoked))
        .mapEmpty();
  }

  private static ApiException unusable() {
    return ApiException.validation("token", "is unknown, expired or already used; request a new reset");
  }
}
