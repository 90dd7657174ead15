package io.coveton.rest.organizations;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.organizations.UnitKind;
import io.coveton.shared.organizations.UnitRepository;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /v1/teams} or {@code /v1/departments} (one instance per kind): CRUD and membership. */
public final class UnitRoutes {
  private final RoutePlatform platform;
  private final OrgAccess access;
  private final UnitRepository units;
  private final OrganizationRepository organizations;
  private final AuditedWrites writes;
  private final UnitKind kind;
  private final OrgScope unitScope;
  private final String base;

  UnitRoutes(RoutePlatform platform, OrgAccess access, UnitRepository units, OrganizationRepository organizations,
      AuditedWrites writes) {
    this.platform = platform;
    this.access = access;
    this.units = units;
    this.organizations = organizations;
    this.writes = writes;
    this.kind = units.kind();
    this.base = "/v1/" + kind.table();
    String noun = Character.toUpperCase(kind.noun().charAt(0)) + kind.noun().substring(1);
    this.unitScope = OrgScope.resource("id", kind.prefix(), noun,
        id -> units.find(id).map(unit -> unit == null ? null : unit.organizationId()));
  }

  public void mount(Router router) {
    var endpoints = platform.endpoints();
    router.post(base).handler(platform.authenticator())
        .handler(access.require(kind.manage(), OrgScope.bodyField())).handler(platform.idempotency())
        .handler(endpoints.of(this::create));
    router.get(base).handler(platform.authenticator()).handler(access.require(kind.read(), OrgScope.queryParam()))
        .handler(endpoints.of(this::list, "organizationId", "limit", "before"));
    router.get(base + "/:id").handler(platform.authenticator()).handler(access.require(kind.read(), unitScope))
        .handler(endpoints.of(this::get));
    router.patch(base + "/:id").handler(platform.authenticator()).handler(access.require(kind.manage(), unitScope))
        .handler(endpoints.of(this::update));
    router.delete(base + "/:id").handler(platform.authenticator()).handler(access.require(kind.manage(), unitScope))
        .handler(endpoints.of(this::delete));
    router.post(base + "/:id/members").handler(platform.authenticator())
        .handler(access.require(kind.manage(), unitScope)).handler(endpoints.of(this::addMember));
    router.delete(base + "/:id/members/:userId").handler(platform.authenticator())
        .handler(access.require(kind.manage(), unitScope)).handler(endpoints.of(this::removeMember));
  }

  private Future<ApiResponse> create(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String name = body.requiredString("name", 1, 100);
    String description = body.optionalString("description", 1, 500);
    body.validate();
    String org = OrgAccess.of(ctx).organizationId();
    return writes.write(AuditedWrites.actor(ctx), conn -> units.create(conn, org, name, description),
            id -> AuditedWrites.Entry.of(org, kind.noun() + ".created", kind.noun(), id))
        .compose(units::find).map(ApiResponse::created);
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    return units.list(OrgAccess.of(ctx).organizationId(), Pagination.from(ctx, kind.prefix())).map(ApiResponse::ok);
  }

  private Future<ApiResponse> get(RoutingContext ctx) {
    return units.find(ctx.pathParam("id")).map(ApiResponse::ok);
  }

  private Future<ApiResponse> update(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String name = body.optionalString("name", 1, 100);
    String description = body.optionalString("description", 1, 500);
    body.validate();
    String id = ctx.pathParam("id");
    return change(ctx, kind.noun() + ".updated", id, conn -> units.update(conn, id, name, description))
        .compose(v -> units.find(id)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return change(ctx, kind.noun() + ".deleted", id, conn -> units.delete(conn, id)).map(v -> ApiResponse.noContent());
  }

  /** {userId}: the user must be an active member of the organization. */
  private Future<ApiResponse> addMember(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String userId = body.requiredId("userId");
    body.validate();
    Membership caller = OrgAccess.of(ctx);
    String id = ctx.pathParam("id");
    return organizations.activeMembers(caller.organizationId(), List.of(userId)).compose(found -> {
      if (!found.contains(userId)) {
        return Future.failedFuture(ApiException.notFound("No such member of this organization."));
      }
      return change(ctx, kind.noun() + ".member_added", id, conn -> units.addMember(conn, id, userId));
    }).compose(v -> units.find(id)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> removeMember(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String userId = ctx.pathParam("userId");
    if (!IdPrefix.USER.matches(userId)) {
      throw ApiException.notFound("Member not found.");
    }
    return change(ctx, kind.noun() + ".member_removed", id, conn -> units.removeMember(conn, id, userId)
        .compose(removed -> removed ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiException.notFound("Member not found."))))
        .map(v -> ApiResponse.noContent());
  }

  private Future<Void> change(RoutingContext ctx, String action, String unitId,
      java.util.function.Function<io.vertx.sqlclient.SqlConnection, Future<Void>> work) {
    String org = OrgAccess.of(ctx).organizationId();
    return writes.write(AuditedWrites.actor(ctx), work,
        v -> AuditedWrites.Entry.of(org, action, kind.noun(), unitId));
  }
}
