package io.coveton.shared.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** All SQL about the notifications table. */
public final class NotificationRepository {
  // a second handling of the same event for the same user adds nothing
  private static final String INSERT =
      "INSERT INTO notifications (id, user_id, type, data, source_event_id) VALUES ($1, $2, $3, $4::jsonb, $5) "
          + "ON CONFLICT (user_id, source_event_id) DO NOTHING";

  public Future<Void> insert(SqlConnection tx, String id, String userId, String type, JsonObject data,
      long sourceEventId) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(id, userId, type, data.encode(), sourceEventId)).mapEmpty();
  }
}
