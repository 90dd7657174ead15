package io.coveton.rest.health;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
    return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
