package io.coveton.rest.organizations;

import io.coveton.shared.organizations.Permission;
import io.coveton.shared.organizations.Role;
import java.time.Instant;
import java.util.List;

/** A role on the wire, with its permission keys. */
public record RoleView(String id, String organizationId, String name, String description, boolean builtin,
    List<String> permissions, Instant createdAt, Instant updatedAt) {
  public static RoleView of(Role r) {
    return new RoleView(r.id(), r.organizationId(), r.name(), r.description(), r.builtin(),
        Permission.keys(r.permissions()), r.createdAt(), r.updatedAt());
  }
}
