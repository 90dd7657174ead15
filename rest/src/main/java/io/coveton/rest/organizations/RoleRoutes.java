package io.coveton.rest.organizations;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.organizations.Role;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.Permission;
import io.coveton.shared.organizations.RoleRepository;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;

/** {@code /v1/roles} and {@code /v1/permissions}: custom roles binding permission keys. */
public final class RoleRoutes {
  private final RoutePlatform platform;
  private final OrgAccess access;
  private final RoleRepository roles;
  private final AuditedWrites writes;
  private final OrgScope roleScope;

  RoleRoutes(RoutePlatform platform, OrgAccess access, RoleRepository roles, AuditedWrites writes) {
    this.platform = platform;
    this.access = access;
    this.roles = roles;
    this.writes = writes;
    this.roleScope = OrgScope.resource("id", IdPrefix.ROLE, "Role",
        id -> roles.find(id).map(role -> role == null ? null : role.organizationId()));
  }

  public void mount(Router router) {
    var endpoints = platform.endpoints();
    router.get("/v1/permissions").handler(platform.authenticator()).handler(endpoints.of(this::permissions));
    router.post("/v1/roles").handler(platform.authenticator())
        .handler(access.require(Permission.ROLES_MANAGE, OrgScope.bodyField())).handler(platform.idempotency())
        .handler(endpoints.of(this::create));
    router.get("/v1/roles").handler(platform.authenticator())
        .handler(access.require(Permission.ROLES_READ, OrgScope.queryParam()))
        .handler(endpoints.of(this::list, "organizationId", "limit", "before"));
    router.get("/v1/roles/:id").handler(platform.authenticator())
        .handler(access.require(Permission.ROLES_READ, roleScope)).handler(endpoints.of(this::get));
    router.patch("/v1/roles/:id").handler(platform.authenticator())
        .handler(access.require(Permission.ROLES_MANAGE, roleScope)).handler(endpoints.of(this::update));
    router.delete("/v1/roles/:id").handler(platform.authenticator())
        .handler(access.require(Permission.ROLES_MANAGE, roleScope)).handler(endpoints.of(this::delete));
  }

  private Future<ApiResponse> permissions(RoutingContext ctx) {
    JsonArray keys = new JsonArray();
    for (Permission p : Permission.values()) {
      keys.add(new io.vertx.core.json.JsonObject().put("key", p.key()).put("description", p.description()));
    }
    return Future.succeededFuture(ApiResponse.ok(keys));
  }

  private Future<ApiResponse> create(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String name = body.requiredString("name", 1, 64);
    String description = body.optionalString("description", 1, 500);
    Set<Permission> permissions = permissions(body, true);
    if (name != null && isBuiltinName(name)) {
      body.fail("name", "is the name of a built-in role");
    }
    body.validate();
    Membership caller = OrgAccess.of(ctx);
    RoleGrants.checkMayGrant(caller, permissions, false);
    return writes.write(AuditedWrites.actor(ctx),
            conn -> roles.create(conn, caller.organizationId(), name, description, permissions),
            role -> AuditedWrites.Entry.of(caller.organizationId(), "role.created", "role", role.id()))
        .map(role -> ApiResponse.created(RoleView.of(role)));
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    return roles.list(OrgAccess.of(ctx).organizationId(), Pagination.from(ctx, IdPrefix.ROLE))
        .map(list -> ApiResponse.ok(list.stream().map(RoleView::of).toList()));
  }

  private Future<ApiResponse> get(RoutingContext ctx) {
    return roles.find(ctx.pathParam("id")).map(role -> ApiResponse.ok(RoleView.of(present(role))));
  }

  private Future<ApiResponse> update(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String name = body.optionalString("name", 1, 64);
    String description = body.optionalString("description", 1, 500);
    Set<Permission> permissions = body.has("permissions") ? permissions(body, true) : null;
    if (name != null && isBuiltinName(name)) {
      body.fail("name", "is the name of a built-in role");
    }
    body.validate();
    Membership caller = OrgAccess.of(ctx);
    if (permissions != null) {
      RoleGrants.checkMayGrant(caller, permissions, false);
    }
    String roleId = ctx.pathParam("id");
    return writes.write(AuditedWrites.actor(ctx), conn -> roles.update(conn, roleId, name, description, permissions)
            .map(role -> {
              if (role == null) {
                throw ApiException.conflict("Built-in roles cannot change.");
              }
              return role;
            }),
            role -> AuditedWrites.Entry.of(caller.organizationId(), "role.updated", "role", roleId))
        .map(role -> ApiResponse.ok(RoleView.of(role)));
  }

  private Future<ApiResponse> delete(RoutingContext ctx) {
    Membership caller = OrgAccess.of(ctx);
    String roleId = ctx.pathParam("id");
    return roles.find(roleId).map(RoleRoutes::present).compose(role -> {
      if (role.builtin()) {
        return Future.failedFuture(ApiException.conflict("Built-in roles cannot be deleted."));
      }
      return writes.write(AuditedWrites.actor(ctx), conn -> roles.delete(conn, roleId),
          v -> AuditedWrites.Entry.of(caller.organizationId(), "role.deleted", "role", roleId));
    }).map(v -> ApiResponse.noContent());
  }

  /** A role deleted between the access check and this read is gone: 404, as for any unknown role. */
  private static Role present(Role role) {
    if (role == null) {
      throw ApiException.notFound("Role not found.");
    }
    return role;
  }

  private static boolean isBuiltinName(String name) {
    return name.equals("owner") || name.equals("admin") || name.equals("member");
  }

  private static Set<Permission> permissions(FieldReader body, boolean required) {
    Object value = body.raw().getValue("permissions");
    Set<Permission> set = EnumSet.noneOf(Permission.class);
    if (!(value instanceof JsonArray array)) {
      if (required) {
        body.fail("permissions", "must be an array of permission keys");
      }
      return set;
    }
    for (int i = 0; i < array.size(); i++) {
      Object key = array.getValue(i);
      var permission = key instanceof String text ? Permission.byKey(text) : java.util.Optional.<Permission>empty();
      if (permission.isEmpty()) {
        body.fail("permissions[" + i + "]", "is not a permission key (see GET /v1/permissions)");
      } else {
        set.add(permission.get());
      }
    }
    return set;
  }
}
