package io.coveton.rest.organizations;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.organizations.Permission;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** {@code /v1/organizations}: the tenant itself and its members. */
public final class OrganizationRoutes {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])");
  private static final int MAX_JSON_BYTES = 16 * 1024;
  private static final OrgScope ORG = OrgScope.pathParam("id");
  private final RoutePlatform platform;
  private final OrgAccess access;
  private final OrganizationService service;
  private final OrganizationRepository organizations;

  OrganizationRoutes(RoutePlatform platform, OrgAccess access, OrganizationService service,
      OrganizationRepository organizations) {
    this.platform = platform;
    this.access = access;
    this.service = service;
    this.organizations = organizations;
  }

  public void mount(Router router) {
    var endpoints = platform.endpoints();
    router.post("/v1/organizations").handler(platform.authenticator()).handler(platform.idempotency())
        .handler(endpoints.of(this::create));
    router.get("/v1/organizations").handler(platform.authenticator()).handler(endpoints.of(this::list, "limit", "before"));
    router.get("/v1/organizations/:id").handler(platform.authenticator())
        .handler(access.require(Permission.ORGANIZATION_READ, ORG)).handler(endpoints.of(this::get));
    router.patch("/v1/organizations/:id").handler(platform.authenticator())
        .handler(access.require(Permission.ORGANIZATION_UPDATE, ORG)).handler(endpoints.of(this::update));
    router.post("/v1/organizations/:id/suspend").handler(platform.authenticator())
        .handler(access.requireOwner(ORG)).handler(endpoints.of(ctx -> status(ctx, true)));
    router.post("/v1/organizations/:id/reinstate").handler(platform.authenticator())
        .handler(access.requireOwner(ORG)).handler(endpoints.of(ctx -> status(ctx, false)));
    router.get("/v1/organizations/:id/members").handler(platform.authenticator())
        .handler(access.require(Permission.MEMBERS_READ, ORG)).handler(endpoints.of(this::members, "limit", "before"));
    router.patch("/v1/organizations/:id/members/:userId").handler(platform.authenticator())
        .handler(access.require(Permission.MEMBERS_MANAGE, ORG)).handler(endpoints.of(this::changeMember));
    router.delete("/v1/organizations/:id/members/:userId").handler(platform.authenticator())
        .handler(access.require(Permission.MEMBERS_MANAGE, ORG)).handler(endpoints.of(this::removeMember));
    router.post("/v1/organizations/:id/leave").handler(platform.authenticator())
        .handler(access.require(Permission.ORGANIZATION_READ, ORG)).handler(endpoints.of(this::leave));
  }

  private Future<ApiResponse> create(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String name = body.requiredString("name", 1, 100);
    String slug = body.requiredString("slug", 3, 63);
    if (slug != null && !SLUG.matcher(slug).matches()) {
      body.fail("slug", "must be 3 to 63 of a-z, 0-9 and -, not starting or ending with -");
    }
    body.validate();
    return service.create(AuditedWrites.actor(ctx), name, slug).map(org -> ApiResponse.created(OrganizationView.of(org)));
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    return organizations.forUser(Caller.of(ctx).userId(), Pagination.from(ctx, IdPrefix.ORGANIZATION))
        .map(list -> ApiResponse.ok(list.stream().map(OrganizationView::of).toList()));
  }

  private Future<ApiResponse> get(RoutingContext ctx) {
    return organizations.find(OrgAccess.of(ctx).organizationId()).map(org -> ApiResponse.ok(OrganizationView.of(org)));
  }

  /** name, settings and branding only: status, slug and ids are not the caller's to set here. */
  private Future<ApiResponse> update(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String name = body.optionalString("name", 1, 100);
    JsonObject settings = body.optionalObject("settings", MAX_JSON_BYTES);
    JsonObject branding = body.optionalObject("branding", MAX_JSON_BYTES);
    body.validate();
    return service.update(AuditedWrites.actor(ctx), OrgAccess.of(ctx).organizationId(), name, settings, branding)
        .map(org -> ApiResponse.ok(OrganizationView.of(org)));
  }

  private Future<ApiResponse> status(RoutingContext ctx, boolean suspend) {
    return service.setStatus(AuditedWrites.actor(ctx), OrgAccess.of(ctx).organizationId(), suspend)
        .map(org -> ApiResponse.ok(OrganizationView.of(org)));
  }

  private Future<ApiResponse> members(RoutingContext ctx) {
    return organizations.members(OrgAccess.of(ctx).organizationId(), Pagination.from(ctx, IdPrefix.USER))
        .map(list -> ApiResponse.ok(list.stream().map(MemberView::of).toList()));
  }

  /** {role?, status?}: role is owner, admin, member or a role id; status is active or disabled. */
  private Future<ApiResponse> changeMember(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String status = body.optionalString("status", 1, 16);
    if (status != null && !status.equals("active") && !status.equals("disabled")) {
      body.fail("status", "must be active or disabled");
    }
    Object role = body.raw().getValue("role");
    if (role == null && status == null) {
      body.fail("role", "role or status is required");
    }
    body.validate();
    Membership caller = OrgAccess.of(ctx);
    String userId = ctx.pathParam("userId");
    return service.changeMember(AuditedWrites.actor(ctx), caller, userId, role, status)
        .compose(v -> organizations.member(caller.organizationId(), userId))
        .map(member -> ApiResponse.ok(MemberView.of(member)));
  }

  private Future<ApiResponse> removeMember(RoutingContext ctx) {
    return service.removeMember(AuditedWrites.actor(ctx), OrgAccess.of(ctx), ctx.pathParam("userId"))
        .map(v -> ApiResponse.noContent());
  }

  private Future<ApiResponse> leave(RoutingContext ctx) {
    return service.leave(AuditedWrites.actor(ctx), OrgAccess.of(ctx)).map(v -> ApiResponse.noContent());
  }
}
