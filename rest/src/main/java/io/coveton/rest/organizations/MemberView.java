package io.coveton.rest.organizations;

import io.coveton.shared.organizations.OrganizationRepository;
import java.time.Instant;

/** A member on the wire: who, with which role, in which state. */
public record MemberView(String userId, String displayName, String handle, String email, RoleSummary role,
    String status, Instant joinedAt) {

  /** A role named inside another answer. */
  public record RoleSummary(String id, String name) {}

  public static MemberView of(OrganizationRepository.Member m) {
    return new MemberView(m.userId(), m.displayName(), m.handle(), m.email(),
        new RoleSummary(m.role().id(), m.role().name()), m.status(), m.joinedAt());
  }
}
