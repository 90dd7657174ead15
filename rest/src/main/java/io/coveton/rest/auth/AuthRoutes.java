package io.coveton.rest.auth;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.shared.validation.FieldReader;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.rest.users.UserView;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** {@code /v1/auth}: register, login, refresh, logout, the current identity, and password reset. */
public final class AuthRoutes {
  static final Pattern HANDLE = Pattern.compile("[a-z0-9_.]{3,30}");
  private final RoutePlatform platform;
  private final AuthService auth;
  private final UserRepository users;
  private final PasswordResetService resets;

  public AuthRoutes(RoutePlatform platform, AuthService auth, UserRepository users, PasswordResetService resets) {
    this.platform = platform;
    this.auth = auth;
    this.users = users;
    this.resets = resets;
  }

  public void mount(Router router) {
    router.post("/v1/auth/register").handler(platform.idempotency()).handler(platform.endpoints().of(this::register));
    router.post("/v1/auth/login").handler(platform.endpoints().of(this::login));
    router.post("/v1/auth/refresh").handler(platform.endpoints().of(this::refresh));
    router.post("/v1/auth/logout").handler(platform.endpoints().of(this::logout));
    router.get("/v1/auth/me").handler(platform.authenticator()).handler(platform.endpoints().of(this::me));
    router.post("/v1/auth/forgot-password").handler(platform.endpoints().of(this::forgotPassword));
    router.post("/v1/auth/reset-password").handler(platform.endpoints().of(this::resetPassword));
  }

  /** Always 202 with no body, for every well-formed address: nothing tells whether it has an account. */
  private Future<ApiResponse> forgotPassword(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String email = body.requiredEmail("email");
    body.validate();
    return resets.request(email, ClientInfo.of(ctx).ip()).map(v -> ApiResponse.accepted());
  }

  /** {token, password}: 204; the password follows the rules of register. */
  private Future<ApiResponse> resetPassword(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String token = body.requiredSecret("token", 1, 256);
    String password = body.requiredSecret("password", 8, 128);
    body.validate();
    return resets.reset(token, password).map(v -> ApiResponse.noContent());
  }

  private Future<ApiResponse> register(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String email = body.requiredEmail("email");
    String password = body.requiredSecret("password", 8, 128);
    String displayName = body.requiredString("displayName", 1, 80);
    String handle = body.optionalPattern("handle", HANDLE, "must be 3 to 30 of a-z, 0-9, _ and .", 3, 30);
    body.validate();
    return auth.register(new AuthService.Registration(email, password, displayName, handle), ClientInfo.of(ctx))
        .map(ApiResponse::created);
  }

  private Future<ApiResponse> login(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String email = body.requiredString("email", 1, 254);
    String password = body.requiredSecret("password", 1, 1024);
    body.validate();
    return auth.login(email, password, ClientInfo.of(ctx)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> refresh(RoutingContext ctx) {
    String token = refreshToken(ctx);
    return auth.refresh(token, ClientInfo.of(ctx)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> logout(RoutingContext ctx) {
    String token = refreshToken(ctx);
    return auth.logout(token).map(v -> ApiResponse.noContent());
  }

  private Future<ApiResponse> me(RoutingContext ctx) {
    return users.findById(Caller.of(ctx).userId()).map(user -> {
      if (user == null) {
        throw ApiException.unauthorized("The account no longer exists.");
      }
      return ApiResponse.ok(UserView.of(user));
    });
  }

  private static String refreshToken(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String token = body.requiredSecret("refreshToken", 1, 512);
    body.validate();
    return token;
  }
}
