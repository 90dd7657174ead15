package io.coveton.rest.organizations;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.Permission;
import io.coveton.rest.platform.Pagination;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/audit-logs}: an organization's audit entries, newest first, and a check of their chain. */
public final class AuditRoutes {
  private final RoutePlatform platform;
  private final OrgAccess access;
  private final AuditLog audit;

  AuditRoutes(RoutePlatform platform, OrgAccess access, AuditLog audit) {
    this.platform = platform;
    this.access = access;
    this.audit = audit;
  }

  public void mount(Router router) {
    router.get("/v1/audit-logs/verify").handler(platform.authenticator())
        .handler(access.require(Permission.AUDIT_READ, OrgScope.queryParam()))
        .handler(platform.endpoints().of(this::verify, "organizationId"));
    router.get("/v1/audit-logs").handler(platform.authenticator())
        .handler(access.require(Permission.AUDIT_READ, OrgScope.queryParam()))
        .handler(platform.endpoints().of(this::list, "organizationId", "limit", "before"));
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    return audit.page(OrgAccess.of(ctx).organizationId(), Pagination.from(ctx, IdPrefix.AUDIT)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> verify(RoutingContext ctx) {
    String org = OrgAccess.of(ctx).organizationId();
    return audit.verify(org).map(result -> ApiResponse.ok(new JsonObject().put("organizationId", org)
        .put("valid", result.valid()).put("entriesChecked", result.entriesChecked())
        .put("firstBrokenEntryId", result.firstBrokenEntryId())));
  }
}
