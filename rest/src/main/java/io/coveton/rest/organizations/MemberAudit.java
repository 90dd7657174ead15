package io.coveton.rest.organizations;

import io.coveton.shared.audit.Actor;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.organizations.OrganizationRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Records security-relevant changes to a person's account (device removals, session revocations) in
 * the audit log of every organization they belong to, after the change committed.
 */
public final class MemberAudit {
  private final OrganizationRepository organizations;
  private final AuditLog audit;

  public MemberAudit(OrganizationRepository organizations, AuditLog audit) {
    this.organizations = organizations;
    this.audit = audit;
  }

  public Future<Void> record(String userId, Actor actor, String action, String targetType, String targetId) {
    return organizations.organizationsOf(userId).compose(orgs -> Future.all(orgs.stream()
        .map(org -> audit.record(org, actor, action, targetType, targetId, new JsonObject().put("userId", userId)))
        .toList())).mapEmpty();
  }
}
