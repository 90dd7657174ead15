package io.coveton.rest.auth.oauth;

import io.coveton.rest.auth.ClientInfo;
import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sign-in with Google and GitHub ({@code /v1/auth/oauth/...}) and the caller's linked identities
 * ({@code /v1/users/me/identities}). A provider that is not configured answers 404 on its routes.
 */
public final class OAuthRoutes {
  private static final List<String> PROVIDERS = List.of("google", "github");
  private final RoutePlatform platform;
  private final OAuthSignIn signIn;
  private final IdentityLinks links;
  private final boolean secureCookie;

  OAuthRoutes(RoutePlatform platform, OAuthSignIn signIn, IdentityLinks links, boolean secureCookie) {
    this.platform = platform;
    this.signIn = signIn;
    this.links = links;
    this.secureCookie = secureCookie;
  }

  public void mount(Router router) {
    for (String provider : PROVIDERS) {
      router.get("/v1/auth/oauth/" + provider)
          .handler(platform.endpoints().of(ctx -> start(ctx, provider), "redirectUri", "codeChallenge"));
      router.get("/v1/auth/oauth/" + provider + "/callback")
          .handler(platform.endpoints().ofAnyQuery(ctx -> callback(ctx, provider)));
    }
    router.post("/v1/auth/oauth/exchange").handler(platform.endpoints().of(this::exchange));
    router.get("/v1/users/me/identities").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::identities));
    router.delete("/v1/users/me/identities/:provider").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::unlink));
  }

  /** 302 to the provider, setting the cookie that binds the sign-in to this browser. */
  private Future<ApiResponse> start(RoutingContext ctx, String provider) {
    return signIn.start(provider, ctx.request().getParam("redirectUri"), ctx.request().getParam("codeChallenge"))
        .map(started -> {
      ctx.response().addCookie(stateCookie(started.cookie(), started.cookieLifetime().toSeconds()));
      ctx.response().putHeader(HttpHeaders.LOCATION, started.authorizationUrl());
      return ApiResponse.found();
    });
  }

  /** 302 back to the app with {@code code}, or with {@code error} and {@code message}; 400 on a bad state. */
  private Future<ApiResponse> callback(RoutingContext ctx, String provider) {
    Cookie cookie = ctx.request().getCookie(StateCookie.NAME);
    // the state is single-use whatever happens next: the cookie goes too
    ctx.response().addCookie(stateCookie("", 0));
    Map<String, String> query = new HashMap<>();
    for (String name : List.of("state", "code", "error")) {
      List<String> values = ctx.queryParams().getAll(name);
      if (values.size() == 1) {
        query.put(name, values.get(0));
      }
    }
    return signIn.finish(provider, cookie == null ? null : cookie.getValue(), query).map(finished -> {
      ctx.response().putHeader(HttpHeaders.LOCATION, finished.location());
      return ApiResponse.found();
    });
  }

  /** {code, codeVerifier?}: the token pair of a new session, as login answers (200). */
  private Future<ApiResponse> exchange(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String code = body.requiredSecret("code", 1, 256);
    String verifier = body.has("codeVerifier") ? body.requiredSecret("codeVerifier", 43, 128) : null;
    body.validate();
    return signIn.exchange(code, verifier, ClientInfo.of(ctx)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> identities(RoutingContext ctx) {
    return links.list(Caller.of(ctx).userId())
        .map(list -> ApiResponse.ok(list.stream().map(IdentityView::of).toList()));
  }

  /** 204; 404 when the provider is not linked (or unknown); 409 when it is the last way to sign in. */
  private Future<ApiResponse> unlink(RoutingContext ctx) {
    String provider = ctx.pathParam("provider");
    String userId = Caller.of(ctx).userId();
    return links.unlink(userId, provider).map(v -> ApiResponse.noContent());
  }

  private Cookie stateCookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(StateCookie.NAME, value).setPath(StateCookie.PATH).setHttpOnly(true).setSecure(secureCookie)
        // Lax: the cookie must come along on the provider's top-level redirect back to the callback
        .setSameSite(CookieSameSite.LAX).setMaxAge(maxAgeSeconds);
  }
}
