package io.coveton.rest.platform;

import io.coveton.shared.cluster.RateCounters;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The request budget: N a minute per client IP and per access token, counted cluster-wide. Every
 * response carries the X-RateLimit-* headers; a request over either budget is 429 RATE_LIMITED
 * with Retry-After.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private final RateCounters counters;
  private final int limit;

  public RateLimitHandler(RateCounters counters, int limitPerMinute) {
    this.counters = counters;
    this.limit = limitPerMinute;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // the count may take a cluster round trip: hold the body until the BodyHandler resumes it
    ctx.request().pause();
    Future<RateCounters.WindowCount> byIp = counters.increment("ip:" + ClientAddress.of(ctx), WINDOW);
    String token = Authenticator.bearerToken(ctx);
    Future<RateCounters.WindowCount> byToken = token == null
        ? Future.succeededFuture(null)
        : counters.increment("token:" + fingerprint(token), WINDOW);
    Future.all(byIp, byToken).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      RateCounters.WindowCount ip = byIp.result();
      RateCounters.WindowCount tok = byToken.result();
      long used = Math.max(ip.count(), tok == null ? 0 : tok.count());
      HttpServerResponse response = ctx.response();
      response.putHeader("X-RateLimit-Limit", Integer.toString(limit));
      response.putHeader("X-RateLimit-Remaining", Long.toString(Math.max(0, limit - used)));
      response.putHeader("X-RateLimit-Reset", Long.toString(ip.resetEpochSecond()));
      if (used > limit) {
        ctx.fail(ApiException.rateLimited(ip.secondsUntilReset()));
      } else {
        ctx.next();
      }
    });
  }

  /** Counters are keyed by a hash, so that no bearer token sits in cluster memory. */
  private static String fingerprint(String token) {
    return HexFormat.of().formatHex(OpaqueTokens.hash(token), 0, 16);
  }
}
