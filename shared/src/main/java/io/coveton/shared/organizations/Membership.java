package io.coveton.shared.organizations;

import java.time.Instant;

/** A user's place in an organization: their role, their status, and the organization's state. */
public record Membership(
    String organizationId, String userId, Role role, String status, Instant joinedAt, boolean organizationSuspended) {

  public boolean active() {
    return "active".equals(status);
  }

  public boolean isOwner() {
    return role.isOwner();
  }

  public boolean can(Permission permission) {
    return Permission.BASELINE.contains(permission) || role.permissions().contains(permission);
  }
}
