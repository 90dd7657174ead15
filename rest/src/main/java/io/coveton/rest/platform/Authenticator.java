package io.coveton.rest.platform;

import io.coveton.shared.accounts.Session;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.tokens.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * Requires a valid access token whose session is still active. The session is read from Postgres
 * on every request, so a revoked session's tokens stop working at once on every node.
 */
public final class Authenticator implements Handler<RoutingContext> {
  private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);
  private final AccessTokens tokens;
  private final SessionRepository sessions;

  public Authenticator(AccessTokens tokens, SessionRepository sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = RateLimitHandler.bearerToken(ctx);
    if (token == null) {
      ctx.fail(ApiException.unauthorized("Missing, expired or invalid access token."));
      return;
    }
    tokens.verify(token)
        .compose(claims -> sessions.findById(claims.sessionId()).compose(session -> {
          Instant now = Instant.now();
          if (session == null || !session.userId().equals(claims.userId()) || !session.active(now)) {
            return Future.failedFuture(ApiException.unauthorized("The session has been revoked or has expired."));
          }
          touchIfStale(session, now);
          return Future.succeededFuture(new Caller(claims.userId(), claims.sessionId()));
        }))
        .onSuccess(caller -> {
          caller.attach(ctx);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private void touchIfStale(Session session, Instant now) {
    if (session.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
      sessions.touch(session.id());
    }
  }
}
