package io.coveton.shared.outbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A committed change's event: {@code type} such as {@code device.removed}, {@code aggregateId} the
 * user, organization or chat it belongs to (events of one aggregate are handled in commit order),
 * and {@code attempt}, 1 for the first try of this consumer.
 */
public record OutboxEvent(long id, String type, String aggregateId, JsonObject payload, Instant createdAt,
    int attempt) {}
