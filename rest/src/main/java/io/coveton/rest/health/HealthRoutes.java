package io.coveton.rest.health;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.metrics.CovetonMetrics;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (Postgres answers and the node
 * is not draining), with the number of cluster members seen, and {@code /metrics} (Prometheus) on the
 * metrics port, or on the REST port for bearers of the metrics token. Outside /v1, over plain HTTP,
 * not rate limited: probes need them.
 */
public final class HealthRoutes {
  private final Pool pool;
  private final AtomicBoolean draining;
  private final IntSupplier clusterMembers;
  private final CovetonMetrics metrics;

  public HealthRoutes(Pool pool, AtomicBoolean draining, IntSupplier clusterMembers, CovetonMetrics metrics) {
    this.pool = pool;
    this.draining = draining;
    this.clusterMembers = clusterMembers;
    this.metrics = metrics;
  }

  /** {@code metricsToken}: when set, {@code /metrics} is served here too, to bearers of that token. */
  public void mount(Router router, String metricsToken) {
    router.get("/health/live").handler(ctx -> answer(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    if (metricsToken != null && !metricsToken.isBlank()) {
      byte[] expected = ("Bearer " + metricsToken).getBytes(StandardCharsets.UTF_8);
      router.get("/metrics").handler(ctx -> {
        String presented = ctx.request().getHeader("Authorization");
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
          ctx.response().putHeader("WWW-Authenticate", "Bearer");
          ctx.fail(ApiException.unauthorized("The metrics token is required."));
          return;
        }
        scrape(ctx);
      });
    }
  }

  /** The metrics port's own router: {@code /metrics} and nothing else. */
  public void mountMetricsOnly(Router router) {
    router.get("/metrics").handler(this::scrape);
  }

  private void scrape(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
  }

  private void ready(RoutingContext ctx) {
    if (draining.get()) {
      answer(ctx, 503, new JsonObject().put("status", "DOWN").put("draining", true));
      return;
    }
    pool.query("SELECT 1").execute()
        .onSuccess(rows -> answer(ctx, 200, new JsonObject().put("status", "UP")
            .put("checks", new JsonObject().put("postgres", "UP"))
            .put("clusterMembers", clusterMembers.getAsInt())))
        .onFailure(e -> answer(ctx, 503, new JsonObject().put("status", "DOWN")
            .put("checks", new JsonObject().put("postgres", "DOWN"))));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
