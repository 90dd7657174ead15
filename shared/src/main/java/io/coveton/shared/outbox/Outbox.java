package io.coveton.shared.outbox;

import io.coveton.shared.metrics.CovetonMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes events into the outbox inside the caller's transaction, so that an event exists exactly
 * when the change that causes it committed; one delivery per consumer of its type. Event types:
 * {@code member.joined}, {@code member.removed}, {@code member.role_changed}, {@code device.added},
 * {@code device.removed}, {@code session.created}, {@code session.revoked}, {@code invite.created},
 * {@code chat.participant_added}; an event no consumer handles is not written.
 */
public final class Outbox {
  private final Map<String, List<String>> consumersByType = new HashMap<>();
  private final CovetonMetrics metrics;

  public Outbox(List<OutboxConsumer> consumers, CovetonMetrics metrics) {
    this.metrics = metrics;
    for (OutboxConsumer consumer : consumers) {
      consumer.eventTypes().forEach(type -> consumersByType.computeIfAbsent(type, t -> new ArrayList<>())
          .add(consumer.name()));
    }
  }

  public Future<Void> emit(SqlConnection tx, String type, String aggregateId, JsonObject payload) {
    List<String> consumers = consumersByType.get(type);
    if (consumers == null) {
      return Future.succeededFuture();
    }
    return OutboxRepository.append(tx, type, aggregateId, payload, consumers)
        .onSuccess(v -> metrics.outboxWritten(type));
  }
}
