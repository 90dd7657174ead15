package io.coveton.rest.organizations;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.id.OpaqueId;
import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.organizations.Permission;
import io.coveton.rest.platform.Pagination;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /v1/audit-logs}: an organization's audit entries, newest first, and a check of their chain. */
public final class AuditRoutes {
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z_]{0,31}(\\.[a-z][a-z_]{0,31}){0,3}");
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
        .handler(platform.endpoints().of(this::list, "organizationId", "limit", "before", "action", "actorUserId",
            "since", "until"));
  }

  /**
   * Filters: {@code action} (exact, e.g. {@code member.role_changed}), {@code actorUserId}, and the
   * time range {@code since} (inclusive) .. {@code until} (exclusive) as RFC 3339 timestamps.
   */
  private Future<ApiResponse> list(RoutingContext ctx) {
    PageRequest page = Pagination.from(ctx, IdPrefix.AUDIT);
    List<FieldError> problems = new ArrayList<>();
    String action = ctx.request().getParam("action");
    if (action != null && !ACTION.matcher(action).matches()) {
      problems.add(new FieldError("action", "must be an action name such as member.role_changed"));
    }
    String actor = ctx.request().getParam("actorUserId");
    if (actor != null && !OpaqueId.wellFormed(actor)) {
      problems.add(new FieldError("actorUserId", OpaqueId.DESCRIPTION));
    }
    Instant since = timestamp(ctx, "since", problems);
    Instant until = timestamp(ctx, "until", problems);
    if (since != null && until != null && !since.isBefore(until)) {
      problems.add(new FieldError("until", "must be later than since"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("Invalid audit log filter.", problems);
    }
    return audit.page(OrgAccess.of(ctx).organizationId(), new AuditLog.Filter(action, actor, since, until), page)
        .map(ApiResponse::ok);
  }

  private static Instant timestamp(RoutingContext ctx, String name, List<FieldError> problems) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(new FieldError(name, "must be an RFC 3339 timestamp"));
      return null;
    }
  }

  private Future<ApiResponse> verify(RoutingContext ctx) {
    String org = OrgAccess.of(ctx).organizationId();
    return audit.verify(org).map(result -> ApiResponse.ok(new JsonObject().put("organizationId", org)
        .put("valid", result.valid()).put("entriesChecked", result.entriesChecked())
        .put("firstBrokenEntryId", result.firstBrokenEntryId())));
  }
}
