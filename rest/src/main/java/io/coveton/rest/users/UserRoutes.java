package io.coveton.rest.users;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.shared.validation.FieldReader;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.User;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /v1/users}: the caller's own profile, and finding other users. */
public final class UserRoutes {
  private static final Pattern HANDLE = Pattern.compile("[a-z0-9_.]{3,30}");
  private static final Pattern AVATAR_URL = Pattern.compile("https://[^\\s]{1,2040}");
  private static final int MAX_PREFERENCES_BYTES = 16 * 1024;
  private final RoutePlatform platform;
  private final UserRepository users;

  public UserRoutes(RoutePlatform platform, UserRepository users) {
    this.platform = platform;
    this.users = users;
  }

  public void mount(Router router) {
    router.get("/v1/users/me").handler(platform.authenticator()).handler(platform.endpoints().of(this::me));
    router.patch("/v1/users/me").handler(platform.authenticator()).handler(platform.endpoints().of(this::update));
    router.get("/v1/users/search").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::search, "q", "limit", "before"));
  }

  private Future<ApiResponse> me(RoutingContext ctx) {
    return users.findById(Caller.of(ctx).userId()).map(UserRoutes::ownView);
  }

  /**
   * Partial update of displayName, avatarUrl (alias avatar), handle and preferences. Fields the
   * caller may not set (id, email, ...) are ignored like any unknown field.
   */
  private Future<ApiResponse> update(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String displayName = body.optionalString("displayName", 1, 80);
    if (body.has("displayName") && body.raw().getValue("displayName") == null) {
      body.fail("displayName", "must not be null");
    }
    String avatarField = body.has("avatarUrl") ? "avatarUrl" : "avatar";
    boolean avatarSet = body.has(avatarField);
    String avatarUrl = body.optionalPattern(avatarField, AVATAR_URL, "must be an https URL", 9, 2048);
    boolean handleSet = body.has("handle");
    String handle = body.optionalPattern("handle", HANDLE, "must be 3 to 30 of a-z, 0-9, _ and .", 3, 30);
    JsonObject preferences = body.optionalObject("preferences", MAX_PREFERENCES_BYTES);
    body.validate();
    UserRepository.ProfileChange change =
        new UserRepository.ProfileChange(displayName, avatarSet, avatarUrl, handleSet, handle, preferences);
    return users.updateProfile(Caller.of(ctx).userId(), change).map(UserRoutes::ownView);
  }

  private Future<ApiResponse> search(RoutingContext ctx) {
    String query = ctx.request().getParam("q");
    if (query == null || query.isBlank() || query.length() > 254) {
      throw ApiException.badRequest("A search query is required.",
          List.of(new FieldError("q", "must be 1 to 254 characters")));
    }
    PageRequest page = Pagination.from(ctx, IdPrefix.USER);
    String normalized = User.normalizeEmail(query);
    return users.search(query.trim(), page).map(found -> ApiResponse.ok(found.stream()
        .map(user -> PublicUserView.of(user, User.normalizeEmail(user.email()).equals(normalized)))
        .toList()));
  }

  private static ApiResponse ownView(User user) {
    if (user == null) {
      throw ApiException.unauthorized("The account no longer exists.");
    }
    return ApiResponse.ok(UserView.of(user));
  }
}
