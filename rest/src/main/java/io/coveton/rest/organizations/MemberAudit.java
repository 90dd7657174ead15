package io.coveton.rest.organizations;

import io.coveton.shared.audit.Actor;
import io.coveton.shared.audit.AuditTrail;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.persistence.InTransaction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Records security-relevant changes to a person's account (device removals, session revocations) in
 * the audit log of every organization they belong to, with the organization's outbox event (its
 * webhooks hear of it), in the change's own transaction.
 */
public final class MemberAudit {
  private final OrganizationRepository organizations;
  private final AuditTrail trail;

  public MemberAudit(OrganizationRepository organizations, AuditTrail trail) {
    this.organizations = organizations;
    this.trail = trail;
  }

  /** The entries, one per organization of the user, for the change's target id. */
  public InTransaction<String> entries(String userId, Actor actor, String action, String targetType) {
    return (tx, targetId) -> organizations.organizationsOf(userId).compose(orgs -> {
      Future<Void> chain = Future.succeededFuture();
      for (String org : orgs) {
        chain = chain.compose(v -> trail.record(tx, actor, org, action, targetType, targetId,
            new JsonObject().put("userId", userId)));
      }
      return chain;
    });
  }
}
