package io.coveton.shared.auth;

import io.coveton.shared.accounts.Session;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.tokens.AccessTokens;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * The one rule for "this token and this device may act", for REST requests and relay connections:
 * a valid access token whose session is still active as the node's {@link SessionCache} knows it (a
 * revoked session's tokens stop at once on the node that revoked it and as soon as the notice
 * arrives on the others), and, when a device is named, an active device of the same user.
 */
public final class DeviceAuthentication {
  private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);
  private final AccessTokens tokens;
  private final SessionCache sessionCache;
  private final SessionRepository sessions;
  private final DeviceRepository devices;

  public DeviceAuthentication(AccessTokens tokens, SessionCache sessionCache, SessionRepository sessions,
      DeviceRepository devices) {
    this.tokens = tokens;
    this.sessionCache = sessionCache;
    this.sessions = sessions;
    this.devices = devices;
  }

  /** The token of an {@code Authorization: Bearer ...} header; null when there is none. */
  public static String bearerToken(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.length() < 8
        || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorizationHeader.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /**
   * Fails with 401 for a missing, invalid or expired token or an ended session, and with 403 when
   * {@code deviceId} (optional) is not one of the user's active devices.
   */
  public Future<Authenticated> authenticate(String token, String deviceId) {
    if (token == null) {
      return Future.failedFuture(ApiException.unauthorized("Missing, expired or invalid access token."));
    }
    return tokens.verify(token).compose(claims -> sessionCache.findActive(claims.sessionId()).compose(session -> {
      if (session == null || !session.userId().equals(claims.userId())) {
        return Future.failedFuture(ApiException.unauthorized("The session has been revoked or has expired."));
      }
      touchIfStale(session, Instant.now());
      return actingDevice(claims.userId(), deviceId)
          .map(device -> new Authenticated(claims.userId(), claims.sessionId(), device));
    }));
  }

  private Future<String> actingDevice(String userId, String deviceId) {
    if (deviceId == null) {
      return Future.succeededFuture(null);
    }
    if (!IdPrefix.DEVICE.matches(deviceId)) {
      return Future.failedFuture(notYourDevice());
    }
    return devices.findActive(deviceId).compose(device -> device != null && device.userId().equals(userId)
        ? Future.succeededFuture(deviceId) : Future.failedFuture(notYourDevice()));
  }

  private static ApiException notYourDevice() {
    return ApiException.forbidden("X-Device-Id is not one of your active devices.");
  }

  private void touchIfStale(Session session, Instant now) {
    if (session.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
      sessions.touch(session.id());
      sessionCache.seen(session, now);
    }
  }
}
