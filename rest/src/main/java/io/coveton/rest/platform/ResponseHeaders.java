package io.coveton.rest.platform;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries: {@code X-Content-Type-Options: nosniff}; {@code Cache-Control:
 * no-store}, since every answer of the API is one caller's (tokens, their chats, their devices) and
 * no shared or browser cache may keep it; and {@code Strict-Transport-Security} when the request
 * came over HTTPS (directly or through a trusted proxy).
 */
public final class ResponseHeaders implements Handler<RoutingContext> {
  static final String HSTS = "max-age=31536000; includeSubDomains";

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx.response(), ClientAddress.viaHttps(ctx));
    ctx.next();
  }

  /** Also used for answers written outside the router (requests the HTTP decoder refused). */
  static void apply(HttpServerResponse response, boolean https) {
    response.putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store");
    if (https) {
      response.putHeader("Strict-Transport-Security", HSTS);
    }
  }
}
