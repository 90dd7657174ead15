package io.coveton.rest;

import io.coveton.rest.platform.ConnectionGuard;
import io.coveton.rest.platform.InvalidRequestHandler;
import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One event-loop's share of the REST port; the launcher deploys one per core. */
public final class RestVerticle extends VerticleBase {
  private final RestDependencies deps;
  private HttpServer server;
  private WorkerExecutor hashing;
  private Router router;
  private WebClient http;

  public RestVerticle(RestDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    hashing = vertx.createSharedWorkerExecutor("coveton-password-hashing",
        Math.max(2, Runtime.getRuntime().availableProcessors()));
    // calls to identity providers (and other outside APIs): plain HTTP/1.1, pooled per event loop
    http = WebClient.create(vertx, new WebClientOptions().setUserAgent("Coveton").setConnectTimeout(
        (int) deps.config().oauth().providerTimeout().toMillis()).setFollowRedirects(false));
    router = RestRouter.build(vertx, deps, hashing, http);
    return vertx.createHttpServer(serverOptions(deps.config()))
        .connectionHandler(new ConnectionGuard(deps.connections(), deps.config().transport()))
        .invalidRequestHandler(new InvalidRequestHandler(deps.json()))
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  @Override
  public Future<?> stop() {
    Future<Void> closing = server == null ? Future.succeededFuture()
        : server.shutdown(deps.config().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    return closing.eventually(() -> {
      http.close();
      return hashing.close();
    });
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /** Every (method, path) the router serves, as mounted: what the API's own description must match. */
  public List<String> routeTable() {
    List<String> table = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // handlers for every request (platform) rather than routes
      }
      route.methods().forEach(method -> table.add(method.name() + " " + route.getPath()));
    }
    return table.stream().distinct().sorted().toList();
  }

  private static HttpServerOptions serverOptions(CovetonConfig config) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(config.httpPort())
        .setCompressionSupported(true)
        .setMaxHeaderSize(16 * 1024)
        // no cleartext HTTP/2: with it on, Vert.x creates the connection (and calls the connection
        // guard) only once a whole request head has arrived, too late to time out a slow one
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) config.transport().idleTimeout().toSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (config.transport().tlsConfigured()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.transport().tlsCertPath())
          .setKeyPath(config.transport().tlsKeyPath()));
    }
    return options;
  }
}
