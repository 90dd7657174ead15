package io.coveton.shared.organizations;

import java.util.EnumSet;
import java.util.Set;

/** The roles every organization starts with. They cannot be changed or deleted. */
public enum BuiltInRole {
  OWNER("owner", "Full control, including suspension and granting ownership", EnumSet.allOf(Permission.class)),
  ADMIN("admin", "Manages members, structure and roles", EnumSet.allOf(Permission.class)),
  MEMBER("member", "Takes part", Permission.MEMBER_DEFAULT);

  private final String roleName;
  private final String description;
  private final Set<Permission> permissions;

  BuiltInRole(String roleName, String description, Set<Permission> permissions) {
    this.roleName = roleName;
    this.description = description;
    this.permissions = permissions;
  }

  public String roleName() {
    return roleName;
  }

  public String description() {
    return description;
  }

  public Set<Permission> permissions() {
    return permissions;
  }
}
