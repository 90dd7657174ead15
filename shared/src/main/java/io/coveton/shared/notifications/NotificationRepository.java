package io.coveton.shared.notifications;

import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** All SQL about the notifications table. Every read and change is scoped to one user. */
public final class NotificationRepository {
  private static final String COLUMNS = "id, type, data, created_at, read_at";
  // a second handling of the same event for the same user adds nothing
  private static final String INSERT =
      "INSERT INTO notifications (id, user_id, type, data, source_event_id) VALUES ($1, $2, $3, $4::jsonb, $5) "
          + "ON CONFLICT (user_id, source_event_id) DO NOTHING RETURNING " + COLUMNS;
  private static final String PAGE =
      "SELECT " + COLUMNS + " FROM notifications WHERE user_id = $1 AND ($2::text IS NULL OR id < $2) "
          + "AND (NOT $4 OR read_at IS NULL) ORDER BY id DESC LIMIT $3";
  private static final String OWNED =
      "SELECT count(*) AS owned FROM notifications WHERE user_id = $1 AND id = ANY($2)";
  private static final String MARK =
      "UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = ANY($2) AND read_at IS NULL";
  private static final String MARK_ALL =
      "UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL";
  private static final String PURGE_READ =
      "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE read_at < $1 LIMIT $2)";

  private final Pool pool;

  public NotificationRepository(Pool pool) {
    this.pool = pool;
  }

  /** The notification created, or null when this event had already made it. */
  public Future<Notification> insert(SqlConnection tx, String id, String userId, String type, JsonObject data,
      long sourceEventId) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(id, userId, type, data.encode(), sourceEventId))
        .map(rows -> rows.size() == 0 ? null : Notification.fromRow(rows.iterator().next()));
  }

  public Future<List<Notification>> page(String userId, boolean unreadOnly, PageRequest page) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(userId, page.before(), page.limit(), unreadOnly))
        .map(rows -> PgRows.list(rows, Notification::fromRow));
  }

  /**
   * Marks these of the user's notifications read, in one transaction: none when any id is not one of
   * theirs (answers -1 then), else the number that were unread.
   */
  public Future<Integer> markRead(String userId, List<String> ids) {
    Tuple params = Tuple.tuple().addString(userId).addArrayOfString(ids.toArray(String[]::new));
    return pool.withTransaction(tx -> tx.preparedQuery(OWNED).execute(params).compose(rows ->
        rows.iterator().next().getLong("owned") != ids.size() ? Future.succeededFuture(-1)
            : tx.preparedQuery(MARK).execute(params).map(marked -> marked.rowCount())));
  }

  public Future<Integer> markAllRead(String userId) {
    return pool.preparedQuery(MARK_ALL).execute(Tuple.of(userId)).map(rows -> rows.rowCount());
  }

  public Future<Integer> purgeRead(Instant readBefore, int batch) {
    return pool.preparedQuery(PURGE_READ).execute(Tuple.of(OffsetDateTime.ofInstant(readBefore, ZoneOffset.UTC), batch))
        .map(rows -> rows.rowCount());
  }
}
