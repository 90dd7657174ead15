package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTPS only, as the contract says: a request must arrive over TLS, or through a trusted proxy that
 * says it terminated HTTPS, or from a client on loopback (local runs and tests; a
 * loopback proxy forwarding a remote client does not count). Anything else is 400.
 */
public final class TransportSecurityHandler implements Handler<RoutingContext> {
  private final boolean requireHttps;

  public TransportSecurityHandler(boolean requireHttps) {
    this.requireHttps = requireHttps;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!requireHttps || ClientAddress.viaHttps(ctx) || ClientAddress.clientIsLoopback(ctx)) {
      ctx.next();
      return;
    }
    ctx.fail(ApiException.badRequest("HTTPS is required."));
  }
}
