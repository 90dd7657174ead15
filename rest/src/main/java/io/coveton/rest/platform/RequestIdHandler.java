package io.coveton.rest.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (a client's X-Request-Id when it is a sane token), returns it on the
 * response and logs one structured line per request. Never logs query strings, headers or bodies,
 * which may hold tokens, passwords or ciphertext.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("coveton.http");
  private static final String KEY = "coveton.requestId";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader("X-Request-Id");
    String id = offered != null && VALID.matcher(offered).matches() ? offered : "req_" + UUID.randomUUID();
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    long started = System.nanoTime();
    ctx.addEndHandler(ignored -> LOG.info("request id={} method={} path={} status={} durationMs={} ip={}",
        id, ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
        (System.nanoTime() - started) / 1_000_000, ClientAddress.of(ctx)));
    ctx.next();
  }

  public static String requestId(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
