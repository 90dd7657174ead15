package io.coveton.shared.webhooks;

import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.outbox.OutboxConsumer;
import io.coveton.shared.outbox.OutboxEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;

/**
 * Turns an organization's outbox events into one delivery per active endpoint that asked for the
 * type, in the transaction that marks the event handled (so each is queued once). The body is
 * {@code {id, type, createdAt, organizationId, data}}: ids and metadata as the audit log records
 * them, never ciphertext or envelope headers (no event carries them).
 */
public final class WebhookFanout implements OutboxConsumer {
  /** The event types an endpoint may subscribe to (or {@code *} for all of them). */
  public static final Set<String> EVENT_TYPES = Set.of("member.joined", "invite.accepted", "member.removed",
      "member.left", "member.role_changed", "member.disabled", "member.enabled", "device.removed", "session.revoked",
      "invite.created", "invite.revoked", "subscription.updated", "invoice.paid", "invoice.payment_failed",
      "webhook_endpoint.disabled", "organization.updated", "organization.suspended", "organization.reinstated",
      "role.created", "role.updated", "role.deleted");
  private final WebhookRepository webhooks;
  private final IdGenerator ids;

  public WebhookFanout(WebhookRepository webhooks, IdGenerator ids) {
    this.webhooks = webhooks;
    this.ids = ids;
  }

  @Override
  public String name() {
    return "webhooks";
  }

  @Override
  public Set<String> eventTypes() {
    return EVENT_TYPES;
  }

  @Override
  public Future<Runnable> handle(SqlConnection tx, OutboxEvent event) {
    String organizationId = event.payload().getString("organizationId");
    if (organizationId == null) {
      return Future.succeededFuture(null);
    }
    String eventId = "evt_" + event.id();
    JsonObject data = event.payload().copy();
    data.remove("organizationId");
    String body = new JsonObject().put("id", eventId).put("type", event.type())
        .put("createdAt", event.createdAt().toString()).put("organizationId", organizationId).put("data", data)
        .encode();
    return webhooks.activeOf(tx, organizationId).compose(endpoints -> {
      Future<Void> queued = Future.succeededFuture();
      for (WebhookEndpoint endpoint : endpoints) {
        if (endpoint.wants(event.type())) {
          queued = queued.compose(v -> webhooks.enqueue(tx, ids.next(IdPrefix.WEBHOOK_DELIVERY), endpoint.id(),
              eventId, event.type(), body));
        }
      }
      return queued.map((Runnable) null);
    });
  }
}
