package io.coveton.rest.health;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The metrics port: {@code /metrics} alone, apart from the public API (loopback-only by default). */
public final class MetricsVerticle extends VerticleBase {
  private final CovetonConfig.MetricsSettings settings;
  private final HealthRoutes health;
  private HttpServer server;

  public MetricsVerticle(CovetonConfig.MetricsSettings settings, HealthRoutes health) {
    this.settings = settings;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    health.mountMetricsOnly(router);
    // the same envelope as every other error of the node, for anything but /metrics
    router.errorHandler(404, ctx -> ctx.response().setStatusCode(404)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", new JsonObject().put("code", "NOT_FOUND")
            .put("message", "Only /metrics is served on this port.")).encode()));
    // HTTP/1.1 only, as on the REST port: the JDK's HTTP client offers an h2c upgrade on plain http,
    // and a scrape through that upgrade could stall the client past its own timeout
    return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
            .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
