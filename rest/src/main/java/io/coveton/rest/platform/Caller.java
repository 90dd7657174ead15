package io.coveton.rest.platform;

import io.vertx.ext.web.RoutingContext;

/**
 * The authenticated account and session behind a request, and the device it acts as when it sent
 * {@code X-Device-Id} (null otherwise).
 */
public record Caller(String userId, String sessionId, String deviceId) {
  private static final String KEY = "coveton.caller";

  public void attach(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** The caller of a route mounted behind the authenticator. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("route is not behind the authenticator");
    }
    return caller;
  }

  public static Caller orNull(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
