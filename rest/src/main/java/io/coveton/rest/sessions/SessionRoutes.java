package io.coveton.rest.sessions;

import io.coveton.rest.auth.AuthService;
import io.coveton.rest.organizations.AuditedWrites;
import io.coveton.rest.organizations.MemberAudit;
import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/sessions}: the caller's active logins, and revoking any of them. */
public final class SessionRoutes {
  private final RoutePlatform platform;
  private final SessionRepository sessions;
  private final AuthService auth;
  private final MemberAudit audit;

  public SessionRoutes(RoutePlatform platform, SessionRepository sessions, AuthService auth, MemberAudit audit) {
    this.platform = platform;
    this.sessions = sessions;
    this.auth = auth;
    this.audit = audit;
  }

  public void mount(Router router) {
    router.get("/v1/sessions").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::list, "limit", "before"));
    router.delete("/v1/sessions/:id").handler(platform.authenticator()).handler(platform.endpoints().of(this::revoke));
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return sessions.listActive(caller.userId(), Pagination.from(ctx, IdPrefix.SESSION))
        .map(list -> ApiResponse.ok(list.stream().map(s -> SessionView.of(s, caller.sessionId())).toList()));
  }

  /** Another user's session, an unknown id and an already revoked one are all 404. */
  private Future<ApiResponse> revoke(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String id = ctx.pathParam("id");
    if (!IdPrefix.SESSION.matches(id)) {
      throw ApiException.notFound("Session not found.");
    }
    return auth.revokeSession(id, caller.userId(), "revoked_by_user",
        audit.entries(caller.userId(), AuditedWrites.actor(ctx), "session.revoked", "session")).map(revoked -> {
      if (!revoked) {
        throw ApiException.notFound("Session not found.");
      }
      return ApiResponse.noContent();
    });
  }
}
