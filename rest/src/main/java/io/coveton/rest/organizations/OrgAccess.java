package io.coveton.rest.organizations;

import io.coveton.rest.platform.Caller;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.organizations.Permission;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The one authorization mechanism of organization routes. Each route declares what it needs; this
 * resolves the organization, the caller's membership and role, and decides:
 * not an active member (or another organization's admin) is 404, lacking the permission is 403,
 * a write to a suspended organization is 403. Handlers then read the membership from the context.
 */
public final class OrgAccess {
  private static final String KEY = "coveton.membership";
  private final OrganizationRepository organizations;

  public OrgAccess(OrganizationRepository organizations) {
    this.organizations = organizations;
  }

  /** Needs {@code permission} in the organization the scope names. */
  public Handler<RoutingContext> require(Permission permission, OrgScope scope) {
    return ctx -> check(ctx, scope, membership -> {
      if (!membership.can(permission)) {
        throw ApiException.forbidden("Your role does not allow this (" + permission.key() + ").");
      }
      if (permission.write() && membership.organizationSuspended()) {
        throw ApiException.forbidden("The organization is suspended and read-only.");
      }
    });
  }

  /** Owner-only actions (suspend, reinstate); allowed while suspended, since reinstating must be. */
  public Handler<RoutingContext> requireOwner(OrgScope scope) {
    return ctx -> check(ctx, scope, membership -> {
      if (!membership.isOwner()) {
        throw ApiException.forbidden("Only an owner may do this.");
      }
    });
  }

  private void check(RoutingContext ctx, OrgScope scope, java.util.function.Consumer<Membership> rule) {
    String userId = Caller.of(ctx).userId();
    scope.organizationId(ctx)
        .compose(orgId -> organizations.membership(orgId, userId))
        .compose(membership -> {
          if (membership == null || !membership.active()) {
            return Future.failedFuture(ApiException.notFound("Not found."));
          }
          rule.accept(membership);
          return Future.succeededFuture(membership);
        })
        .onSuccess(membership -> {
          ctx.put(KEY, membership);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  public static Membership of(RoutingContext ctx) {
    Membership membership = ctx.get(KEY);
    if (membership == null) {
      throw new IllegalStateException("route is not behind OrgAccess");
    }
    return membership;
  }
}
