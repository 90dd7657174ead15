package io.coveton.rest.auth;

import io.coveton.rest.platform.ClientAddress;
import io.vertx.ext.web.RoutingContext;

/** Where a request came from, as recorded on the session it opens. */
public record ClientInfo(String ip, String userAgent) {
  private static final int MAX_USER_AGENT = 512;

  public static ClientInfo of(RoutingContext ctx) {
    String agent = ctx.request().getHeader("User-Agent");
    if (agent != null && agent.length() > MAX_USER_AGENT) {
      agent = agent.substring(0, MAX_USER_AGENT);
    }
    return new ClientInfo(ClientAddress.of(ctx), agent);
  }
}
