package io.coveton.shared.organizations;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The permission keys a role can bind. A write permission is refused while the organization is
 * suspended. Owner-only actions (suspend, reinstate, granting the owner role) are not keys: only the
 * built-in owner role may do them.
 */
public enum Permission {
  ORGANIZATION_READ("organization.read", "See the organization", false),
  ORGANIZATION_UPDATE("organization.update", "Change the organization's name, settings and branding", true),
  MEMBERS_READ("members.read", "List members and their roles", false),
  MEMBERS_MANAGE("members.manage", "Change members' roles and status, remove members", true),
  INVITES_MANAGE("invites.manage", "Invite people and revoke pending invites", true),
  TEAMS_READ("teams.read", "See teams and their members", false),
  TEAMS_MANAGE("teams.manage", "Create, change and delete teams and their membership", true),
  DEPARTMENTS_READ("departments.read", "See departments and their members", false),
  DEPARTMENTS_MANAGE("departments.manage", "Create, change and delete departments and their membership", true),
  ROLES_READ("roles.read", "See roles and their permissions", false),
  ROLES_MANAGE("roles.manage", "Create, change and delete custom roles", true),
  AUDIT_READ("audit.read", "Read the audit log", false),
  CHATS_CREATE("chats.create", "Create group chats inside the organization", true),
  BILLING_READ("billing.read", "See the subscription and invoices", false),
  BILLING_MANAGE("billing.manage", "Start checkouts and change the plan", true),
  WEBHOOKS_MANAGE("webhooks.manage", "Register and manage outbound webhook endpoints", true);

  /** What every member may do: see the organization. */
  public static final Set<Permission> BASELINE = EnumSet.of(ORGANIZATION_READ);
  public static final Set<Permission> MEMBER_DEFAULT = EnumSet.of(ORGANIZATION_READ, MEMBERS_READ, TEAMS_READ,
      DEPARTMENTS_READ, ROLES_READ, CHATS_CREATE);

  private final String key;
  private final String description;
  private final boolean write;

  Permission(String key, String description, boolean write) {
    this.key = key;
    this.description = description;
    this.write = write;
  }

  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  public boolean write() {
    return write;
  }

  public static Optional<Permission> byKey(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }

  public static List<String> keys(Set<Permission> permissions) {
    return permissions.stream().map(Permission::key).sorted().toList();
  }

  public static Set<Permission> fromKeys(String[] keys) {
    EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
    if (keys != null) {
      for (String key : keys) {
        byKey(key).ifPresent(set::add);
      }
    }
    return set;
  }
}
