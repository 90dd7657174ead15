package io.coveton.shared.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;

/**
 * Something that must happen after a change committed (an audit entry, a notification, a mail, a
 * webhook). Each event of its types is handled once by it across the cluster; {@code handle} runs
 * inside the transaction that then marks the event done, so writes made on {@code tx} commit exactly
 * once with that mark, while effects outside the database happen at least once (use the event id to
 * make them idempotent). A failed event is retried with backoff, and later events of the same
 * aggregate wait for it. What {@code handle} answers (or null) runs once the transaction has committed:
 * a best-effort effect, such as a live push, that must not happen for a handling that rolled back.
 */
public interface OutboxConsumer {
  /** Stable: pending deliveries are stored under it. */
  String name();

  Set<String> eventTypes();

  Future<Runnable> handle(SqlConnection tx, OutboxEvent event);
}
