package io.coveton.rest.platform;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * CORS for browser clients ({@code platform: web}) from the configured origins only. Requests
 * authenticate with a bearer token, never a cookie, so credentials are not allowed and no origin is
 * ever a wildcard; preflights are answered with what the API accepts and what a client may read.
 */
public final class CrossOrigin {
  private CrossOrigin() {}

  public static CorsHandler handler(List<String> allowedOrigins) {
    return CorsHandler.create()
        .addOrigins(allowedOrigins)
        .allowCredentials(false)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Device-Id", "X-Request-Id"))
        .exposedHeaders(Set.of("X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
            "Retry-After"))
        .maxAgeSeconds(600);
  }
}
