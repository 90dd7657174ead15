package io.coveton.rest.docs;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/openapi.json|yaml}, {@code GET /v1/asyncapi.json|yaml} and the reference page
 * {@code GET /docs} with its stylesheet and script. Public and not rate limited: tooling and
 * readers fetch them freely, and they are the same bytes for everyone.
 */
public final class DocsRoutes {
  /** The page runs only its own script and style: nothing inline, nothing from elsewhere. */
  static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ApiDocs docs;

  public DocsRoutes(ApiDocs docs) {
    this.docs = docs;
  }

  public void mount(Router router) {
    router.get("/v1/openapi.json").handler(ctx -> serve(ctx, "openapi.json"));
    router.get("/v1/openapi.yaml").handler(ctx -> serve(ctx, "openapi.yaml"));
    router.get("/v1/asyncapi.json").handler(ctx -> serve(ctx, "asyncapi.json"));
    router.get("/v1/asyncapi.yaml").handler(ctx -> serve(ctx, "asyncapi.yaml"));
    router.get("/docs").handler(ctx -> serve(ctx, "index.html"));
    router.get("/docs/docs.css").handler(ctx -> serve(ctx, "docs.css"));
    router.get("/docs/docs.js").handler(ctx -> serve(ctx, "docs.js"));
  }

  private void serve(RoutingContext ctx, String name) {
    ApiDocs.Asset asset = docs.asset(name);
    ctx.response().putHeader("Content-Type", asset.contentType())
        // the same for every caller, unlike the rest of the API: caches may keep it a little while
        .putHeader("Cache-Control", "public, max-age=300");
    if (name.equals("index.html")) {
      ctx.response().putHeader("Content-Security-Policy", PAGE_POLICY).putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer");
    }
    ctx.response().end(asset.body());
  }
}
