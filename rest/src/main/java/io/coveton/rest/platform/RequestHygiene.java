package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before any route sees them, requests whose path or query cannot be read as text the
 * server can store: a query that is not valid percent-encoding, or a path or query holding U+0000
 * (which Postgres stores in no text value). Both are 400 in the envelope.
 */
public final class RequestHygiene implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    try {
      ctx.request().params().forEach(entry -> {
        if (entry.getKey().indexOf('\u0000') >= 0 || entry.getValue().indexOf('\u0000') >= 0) {
          throw ApiException.badRequest("The query string must not contain the NUL character.");
        }
      });
    } catch (IllegalArgumentException malformed) {
      throw ApiException.badRequest("The query string is not valid percent-encoding.");
    }
    String path = ctx.request().path();
    if (path == null || path.indexOf('\u0000') >= 0 || path.toLowerCase(java.util.Locale.ROOT).contains("%00")) {
      throw ApiException.badRequest("The path must not contain the NUL character.");
    }
    ctx.next();
  }
}
