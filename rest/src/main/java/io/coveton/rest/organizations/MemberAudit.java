package io.coveton.rest.organizations;

import io.coveton.shared.audit.Actor;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.persistence.InTransaction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Records security-relevant changes to a person's account (device removals, session revocations) in
 * the audit log of every organization they belong to, in the change's own transaction.
 */
public final class MemberAudit {
  private final OrganizationRepository organizations;
  private final AuditLog audit;

  public MemberAudit(OrganizationRepository organizations, AuditLog audit) {
    this.organizations = organizations;
    this.audit = audit;
  }

  /** The entries, one per organization of the user, for the change's target id. */
  public InTransaction<String> entries(String userId, Actor actor, String action, String targetType) {
    return (tx, targetId) -> organizations.organizationsOf(userId).compose(orgs -> {
      Future<Void> chain = Future.succeededFuture();
      for (String org : orgs) {
        chain = chain.compose(v -> audit.append(tx, org, actor, action, targetType, targetId,
            new JsonObject().put("userId", userId)));
      }
      return chain;
    });
  }
}
