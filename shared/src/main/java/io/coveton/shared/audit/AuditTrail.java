package io.coveton.shared.audit;

import io.coveton.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

/**
 * An organization change's audit entry and its outbox event (named like the audit action, the
 * organization as aggregate), written in the change's transaction: what REST writes and what
 * provider events apply both go through here.
 */
public final class AuditTrail {
  private final AuditLog audit;
  private final Outbox outbox;

  public AuditTrail(AuditLog audit, Outbox outbox) {
    this.audit = audit;
    this.outbox = outbox;
  }

  public Future<Void> record(SqlConnection conn, Actor actor, String organizationId, String action, String targetType,
      String targetId, JsonObject metadata) {
    JsonObject meta = metadata == null ? new JsonObject() : metadata;
    return audit.append(conn, organizationId, actor, action, targetType, targetId, meta)
        .compose(v -> outbox.emit(conn, action, organizationId, new JsonObject()
            .put("organizationId", organizationId).put("actorUserId", actor.userId())
            .put("targetType", targetType).put("targetId", targetId).put("metadata", meta)));
  }
}
