package io.coveton.rest.organizations;

import io.coveton.shared.audit.Actor;
import io.coveton.shared.billing.Seats;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.Organization;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.organizations.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/** Organizations and their memberships, every change audited. An organization always keeps an owner. */
public final class OrganizationService {
  private final OrganizationRepository organizations;
  private final RoleGrants grants;
  private final AuditedWrites writes;
  private final Seats seats;

  OrganizationService(OrganizationRepository organizations, RoleGrants grants, AuditedWrites writes, Seats seats) {
    this.seats = seats;
    this.organizations = organizations;
    this.grants = grants;
    this.writes = writes;
  }

  public Future<Organization> create(Actor actor, String name, String slug) {
    return writes.write(actor, conn -> organizations.create(conn, name, slug, actor.userId()),
        org -> AuditedWrites.Entry.of(org.id(), "organization.created", "organization", org.id()));
  }

  public Future<Organization> update(Actor actor, String organizationId, String name, JsonObject settings,
      JsonObject branding) {
    return writes.write(actor, conn -> organizations.update(conn, organizationId, name, settings, branding),
        org -> new AuditedWrites.Entry(organizationId, "organization.updated", "organization", organizationId,
            new JsonObject().put("name", name != null).put("settings", settings != null)
                .put("branding", branding != null)));
  }

  public Future<Organization> setStatus(Actor actor, String organizationId, boolean suspend) {
    String status = suspend ? "suspended" : "active";
    return writes.write(actor, conn -> organizations.setStatus(conn, organizationId, status),
        org -> AuditedWrites.Entry.of(organizationId, suspend ? "organization.suspended" : "organization.reinstated",
            "organization", organizationId));
  }

  /** Changes a member's role and/or status ({@code active} or {@code disabled}). */
  public Future<Void> changeMember(Actor actor, Membership caller, String userId, Object roleValue, String status) {
    return target(caller, userId).compose(target -> {
      if (target.isOwner() && !caller.isOwner()) {
        return Future.failedFuture(ApiException.forbidden("Only an owner may change an owner."));
      }
      Future<Role> role = roleValue == null ? Future.succeededFuture(null)
          : grants.grantable(caller, roleValue, "role");
      return role.compose(newRole -> writes.writeEach(actor, conn -> {
        boolean losesOwnership = target.isOwner()
            && ((newRole != null && !newRole.isOwner()) || "disabled".equals(status));
        Future<Void> guard = losesOwnership ? keepAnOwner(conn, caller.organizationId())
            // re-enabling a member takes a seat again, as joining does
            : "active".equals(status) && !target.active() ? seats.checkAccept(conn, caller.organizationId())
            : Future.succeededFuture();
        return guard.compose(v -> organizations.updateMember(conn, caller.organizationId(), userId,
            newRole == null ? null : newRole.id(), status));
      }, before -> memberChanges(caller.organizationId(), userId, before, newRole, status))).mapEmpty();
    });
  }

  /** One entry per kind of change, named for it; a field set to what it already was records nothing. */
  private static List<AuditedWrites.Entry> memberChanges(String organizationId, String userId,
      OrganizationRepository.MemberState before, Role newRole, String newStatus) {
    List<AuditedWrites.Entry> entries = new ArrayList<>();
    if (before == null) {
      return entries;
    }
    if (newRole != null && !newRole.id().equals(before.roleId())) {
      entries.add(new AuditedWrites.Entry(organizationId, "member.role_changed", "user", userId, new JsonObject()
          .put("oldRole", before.roleName()).put("oldRoleId", before.roleId())
          .put("newRole", newRole.name()).put("newRoleId", newRole.id())));
    }
    if (newStatus != null && !newStatus.equals(before.status())) {
      entries.add(new AuditedWrites.Entry(organizationId,
          "disabled".equals(newStatus) ? "member.disabled" : "member.enabled", "user", userId,
          new JsonObject().put("oldStatus", before.status()).put("newStatus", newStatus)));
    }
    return entries;
  }

  public Future<Void> removeMember(Actor actor, Membership caller, String userId) {
    return target(caller, userId).compose(target -> {
      if (target.isOwner() && !caller.isOwner()) {
        return Future.failedFuture(ApiException.forbidden("Only an owner may remove an owner."));
      }
      return remove(actor, caller.organizationId(), target, "member.removed");
    });
  }

  public Future<Void> leave(Actor actor, Membership caller) {
    return remove(actor, caller.organizationId(), caller, "member.left");
  }

  private Future<Void> remove(Actor actor, String organizationId, Membership target, String action) {
    return writes.write(actor, conn -> (target.isOwner() ? keepAnOwner(conn, organizationId) : Future.<Void>succeededFuture())
            .compose(v -> organizations.removeMember(conn, organizationId, target.userId())),
        v -> AuditedWrites.Entry.of(organizationId, action, "user", target.userId()));
  }

  private Future<Membership> target(Membership caller, String userId) {
    return organizations.membership(caller.organizationId(), userId).compose(target -> target == null
        ? Future.failedFuture(ApiException.notFound("Member not found."))
        : Future.succeededFuture(target));
  }

  /** Refuses, inside the change's transaction, to leave the organization without an active owner. */
  private Future<Void> keepAnOwner(SqlConnection conn, String organizationId) {
    return organizations.activeOwners(conn, organizationId).compose(owners -> owners <= 1
        ? Future.failedFuture(ApiException.conflict("An organization must keep at least one owner."))
        : Future.succeededFuture());
  }
}
