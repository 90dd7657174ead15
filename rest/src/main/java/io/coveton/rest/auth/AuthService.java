package io.coveton.rest.auth;

import io.coveton.rest.users.UserView;
import io.coveton.shared.accounts.AccountEvents;
import io.coveton.shared.accounts.RefreshOutcome;
import io.coveton.shared.accounts.Session;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.accounts.User;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.geo.GeoIpTable;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.passwords.PasswordHasher;
import io.coveton.shared.persistence.InTransaction;
import io.coveton.shared.tokens.AccessTokens;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;

/** Accounts and their sessions: register, login, refresh-token rotation and logout. */
public final class AuthService {
  static final String REFRESH_PREFIX = "rt_";
  private final UserRepository users;
  private final SessionRepository sessions;
  private final AccessTokens accessTokens;
  private final OpaqueTokens opaqueTokens;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final LoginThrottle throttle;
  private final IdGenerator ids;
  private final SessionCache sessionCache;
  private final CovetonConfig.TokenSettings tokenSettings;
  private final GeoIpTable geoIp;
  private final AccountEvents accountEvents;

  public AuthService(UserRepository users, SessionRepository sessions, AccessTokens accessTokens,
      OpaqueTokens opaqueTokens, PasswordHasher hasher, WorkerExecutor hashing, LoginThrottle throttle,
      IdGenerator ids, SessionCache sessionCache, CovetonConfig.TokenSettings tokenSettings, GeoIpTable geoIp,
      AccountEvents accountEvents) {
    this.users = users;
    this.sessions = sessions;
    this.accessTokens = accessTokens;
    this.opaqueTokens = opaqueTokens;
    this.hasher = hasher;
    this.hashing = hashing;
    this.throttle = throttle;
    this.ids = ids;
    this.sessionCache = sessionCache;
    this.tokenSettings = tokenSettings;
    this.geoIp = geoIp;
    this.accountEvents = accountEvents;
  }

  public Future<TokenPair> register(Registration registration, ClientInfo client) {
    return throttle.register(client.ip(), () ->
            hashing.executeBlocking(() -> hasher.hash(registration.password()), false)
                .compose(hash -> users.insert(ids.next(IdPrefix.USER), registration.email(), registration.handle(),
                    registration.displayName(), hash)))
        .compose(user -> openSession(user, client, "register"));
  }

  /** Wrong email and wrong password cost the same argon2 work and give the same 401. */
  public Future<TokenPair> login(String email, String password, ClientInfo client) {
    return throttle.login(email, client.ip(), () -> users.findByEmail(email)
            .compose(user -> hashing.executeBlocking(() -> {
              if (user == null || user.passwordHash() == null) {
                hasher.verifyAgainstDummy(password);
                return null;
              }
              return hasher.verify(password, user.passwordHash()) ? user : null;
            }, false))
            .compose(user -> user != null ? Future.succeededFuture(user)
                : Future.failedFuture(ApiException.unauthorized("Invalid email or password."))))
        .compose(user -> openSession(user, client, "login"));
  }

  public Future<TokenPair> refresh(String refreshToken, ClientInfo client) {
    String next = opaqueTokens.generate(REFRESH_PREFIX);
    return sessions.rotate(OpaqueTokens.hash(refreshToken), OpaqueTokens.hash(next), client.ip(), client.userAgent())
        .compose(outcome -> {
          if (outcome instanceof RefreshOutcome.Rotated rotated) {
            return users.findById(rotated.session().userId())
                .map(user -> tokenPair(user, rotated.session(), next));
          }
          if (outcome instanceof RefreshOutcome.Replayed replayed) {
            sessionCache.revoked(replayed.sessionId());
            return Future.failedFuture(ApiException.unauthorized(
                "This refresh token was already used; the session has been revoked. Sign in again."));
          }
          return Future.failedFuture(ApiException.unauthorized("Invalid or expired refresh token."));
        });
  }

  /** Revokes the session the refresh token belongs to. */
  public Future<Void> logout(String refreshToken) {
    return sessions.findByRefreshToken(OpaqueTokens.hash(refreshToken)).compose(session -> {
      if (session == null) {
        return Future.failedFuture(ApiException.unauthorized("Invalid refresh token."));
      }
      return revokeSession(session.id(), session.userId(), "logout", InTransaction.nothing()).mapEmpty();
    });
  }

  /**
   * Revokes one of the user's sessions everywhere, with its event and {@code alsoWritten} in the same
   * transaction; false when it is not theirs or not active.
   */
  public Future<Boolean> revokeSession(String sessionId, String userId, String reason,
      InTransaction<String> alsoWritten) {
    return sessions.revoke(sessionId, userId, reason, alsoWritten.and(accountEvents.sessionRevoked(userId, reason)))
        .onSuccess(revoked -> {
      if (revoked) {
        sessionCache.revoked(sessionId);
      }
    });
  }

  /** A new session of the account, answered as login answers; {@code reason} goes on its event. */
  public Future<TokenPair> openSession(User user, ClientInfo client, String reason) {
    String refreshToken = opaqueTokens.generate(REFRESH_PREFIX);
    SessionRepository.NewSession session = new SessionRepository.NewSession(ids.next(IdPrefix.SESSION),
        user.id(), client.ip(), client.userAgent(), geoIp.locate(client.ip()),
        Instant.now().plus(tokenSettings.sessionMaxAge()));
    return sessions.create(session, OpaqueTokens.hash(refreshToken), accountEvents.sessionCreated(reason))
        .map(created -> tokenPair(user, created, refreshToken));
  }

  private TokenPair tokenPair(User user, Session session, String refreshToken) {
    return new TokenPair(UserView.of(user), accessTokens.issue(user.id(), session.id()), refreshToken, "Bearer",
        accessTokens.ttlSeconds());
  }

  /** A validated registration request. */
  public record Registration(String email, String password, String displayName, String handle) {}
}
