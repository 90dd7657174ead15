package io.coveton.server.testing;

import io.coveton.server.testing.Accounts.SignedIn;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Organizations through the public API, for tests that need members with given roles. */
public final class Organizations {
  private final ApiClient api;
  private final Accounts accounts;

  public Organizations(ApiClient api) {
    this.api = api;
    this.accounts = new Accounts(api);
  }

  public String create(SignedIn owner, String name) {
    String slug = "org-" + System.nanoTime();
    return api.post("/v1/organizations", new JsonObject().put("name", name).put("slug", slug).encode())
        .bearer(owner.accessToken()).send().expect(201).json().getString("id");
  }

  /** A new account that joined {@code org} through an invite with {@code role}. */
  public SignedIn newMember(SignedIn inviter, String org, String role, String prefix) {
    SignedIn user = accounts.register(prefix);
    String token = invite(inviter, org, user.email(), role).expect(201).json().getString("token");
    api.post("/v1/invites/accept", new JsonObject().put("token", token).encode()).bearer(user.accessToken()).send()
        .expect(200);
    return user;
  }

  public ApiResult invite(SignedIn inviter, String org, String email, String role) {
    return api.post("/v1/invites/" + org, new JsonObject().put("email", email).put("role", role).encode())
        .bearer(inviter.accessToken()).send();
  }

  public String role(SignedIn owner, String org, String name, List<String> permissions) {
    return api.post("/v1/roles", new JsonObject().put("organizationId", org).put("name", name)
            .put("permissions", new JsonArray(permissions)).encode())
        .bearer(owner.accessToken()).send().expect(201).json().getString("id");
  }

  public String unit(SignedIn owner, String kind, String org, String name) {
    return api.post("/v1/" + kind, new JsonObject().put("organizationId", org).put("name", name).encode())
        .bearer(owner.accessToken()).send().expect(201).json().getString("id");
  }
}
