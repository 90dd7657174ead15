package io.coveton.rest.platform;

import io.coveton.shared.accounts.Session;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.tokens.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * Requires a valid access token whose session is still active, as the node's {@link SessionCache}
 * knows it: a revoked session's tokens stop working at once on the node that revoked it and as soon
 * as the revocation notice arrives on the others. Resolves the acting device named by
 * {@code X-Device-Id}.
 */
public final class Authenticator implements Handler<RoutingContext> {
  private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);
  private final AccessTokens tokens;
  private final SessionCache sessionCache;
  private final SessionRepository sessions;
  private final DeviceRepository devices;

  public Authenticator(AccessTokens tokens, SessionCache sessionCache, SessionRepository sessions,
      DeviceRepository devices) {
    this.tokens = tokens;
    this.sessionCache = sessionCache;
    this.sessions = sessions;
    this.devices = devices;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = RateLimitHandler.bearerToken(ctx);
    if (token == null) {
      ctx.fail(ApiException.unauthorized("Missing, expired or invalid access token."));
      return;
    }
    tokens.verify(token)
        .compose(claims -> sessionCache.findActive(claims.sessionId()).compose(session -> {
          Instant now = Instant.now();
          if (session == null || !session.userId().equals(claims.userId())) {
            return Future.failedFuture(ApiException.unauthorized("The session has been revoked or has expired."));
          }
          touchIfStale(session, now);
          return actingDevice(ctx, claims.userId())
              .map(deviceId -> new Caller(claims.userId(), claims.sessionId(), deviceId));
        }))
        .onSuccess(caller -> {
          caller.attach(ctx);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** X-Device-Id must name one of the caller's active devices: anything else is 403. */
  private Future<String> actingDevice(RoutingContext ctx, String userId) {
    String deviceId = ctx.request().getHeader("X-Device-Id");
    if (deviceId == null) {
      return Future.succeededFuture(null);
    }
    if (!IdPrefix.DEVICE.matches(deviceId)) {
      return Future.failedFuture(ApiException.forbidden("X-Device-Id is not one of your active devices."));
    }
    return devices.findActive(deviceId).compose(device -> device != null && device.userId().equals(userId)
        ? Future.succeededFuture(deviceId)
        : Future.failedFuture(ApiException.forbidden("X-Device-Id is not one of your active devices.")));
  }

  private void touchIfStale(Session session, Instant now) {
    if (session.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
      sessions.touch(session.id());
      sessionCache.seen(session, now);
    }
  }
}
