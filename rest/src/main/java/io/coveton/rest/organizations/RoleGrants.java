package io.coveton.rest.organizations;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.OpaqueId;
import io.coveton.shared.organizations.BuiltInRole;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.Permission;
import io.coveton.shared.organizations.Role;
import io.coveton.shared.organizations.RoleRepository;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Who may hand out which role: a role is named by a built-in name ({@code owner}, {@code admin},
 * {@code member}) or by a role id of the same organization. Only owners grant ownership, and nobody
 * grants permissions they do not hold themselves.
 */
final class RoleGrants {
  private final RoleRepository roles;

  RoleGrants(RoleRepository roles) {
    this.roles = roles;
  }

  Future<Role> grantable(Membership granter, Object value, String field) {
    return resolve(granter.organizationId(), value, field).compose(role -> {
      checkMayGrant(granter, role.permissions(), role.isOwner());
      return Future.succeededFuture(role);
    });
  }

  static void checkMayGrant(Membership granter, Set<Permission> permissions, boolean ownership) {
    if (granter.isOwner()) {
      return;
    }
    if (ownership) {
      throw ApiException.forbidden("Only an owner may grant ownership.");
    }
    if (!granter.role().permissions().containsAll(permissions)) {
      throw ApiException.forbidden("You cannot grant permissions you do not hold.");
    }
  }

  /** A built-in role by name, else a role id of this organization; an id that names none is 404. */
  private Future<Role> resolve(String organizationId, Object value, String field) {
    if (value instanceof String name) {
      Optional<BuiltInRole> builtin = Arrays.stream(BuiltInRole.values())
          .filter(r -> r.roleName().equals(name)).findFirst();
      if (builtin.isPresent()) {
        return roles.builtin(organizationId, builtin.get());
      }
      if (OpaqueId.wellFormed(name)) {
        return roles.find(name).compose(role -> role != null && role.organizationId().equals(organizationId)
            ? Future.succeededFuture(role)
            : Future.failedFuture(ApiException.notFound("Role not found.")));
      }
    }
    return Future.failedFuture(ApiException.validation(field, "must be owner, admin, member or a role id"));
  }
}
