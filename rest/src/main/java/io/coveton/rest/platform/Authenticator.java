package io.coveton.rest.platform;

import io.coveton.shared.auth.DeviceAuthentication;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Requires a bearer access token of an active session, by the shared {@link DeviceAuthentication},
 * and resolves the acting device named by {@code X-Device-Id} (403 when it is not the caller's).
 */
public final class Authenticator implements Handler<RoutingContext> {
  private final DeviceAuthentication authentication;

  public Authenticator(DeviceAuthentication authentication) {
    this.authentication = authentication;
  }

  @Override
  public void handle(RoutingContext ctx) {
    authentication.authenticate(bearerToken(ctx), ctx.request().getHeader("X-Device-Id"))
        .onSuccess(who -> {
          new Caller(who.userId(), who.sessionId(), who.deviceId()).attach(ctx);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  static String bearerToken(RoutingContext ctx) {
    return DeviceAuthentication.bearerToken(ctx.request().getHeader("Authorization"));
  }
}
