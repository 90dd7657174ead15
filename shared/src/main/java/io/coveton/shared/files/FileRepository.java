package io.coveton.shared.files;

import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/** All SQL about files. */
public final class FileRepository {
  // adds the bytes only when they fit: no row back means over quota
  private static final String RESERVE_BYTES =
      "INSERT INTO storage_usage (user_id, bytes) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE "
          + "SET bytes = storage_usage.bytes + EXCLUDED.bytes WHERE storage_usage.bytes + EXCLUDED.bytes <= $3 "
          + "RETURNING bytes";
  private static final String USED_BYTES = "SELECT bytes FROM storage_usage WHERE user_id = $1";
  private static final String RESERVE_ORGANIZATION_BYTES =
      "INSERT INTO organization_storage_usage (organization_id, bytes) VALUES ($1, $2) ON CONFLICT (organization_id) "
          + "DO UPDATE SET bytes = organization_storage_usage.bytes + EXCLUDED.bytes "
          + "WHERE organization_storage_usage.bytes + EXCLUDED.bytes <= $3 RETURNING bytes";
  private static final String USED_ORGANIZATION_BYTES =
      "SELECT bytes FROM organization_storage_usage WHERE organization_id = $1";
  private static final String INSERT =
      "INSERT INTO files (id, owner_user_id, chat_id, filename, content_type, size, storage_key, upload_id, part_size, "
          + "quota_organization_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING " + FileRecord.COLUMNS;
  private static final String LIVE_BY_ID =
      "SELECT " + FileRecord.COLUMNS + " FROM files WHERE id = $1 AND deleted_at IS NULL";
  private static final String BY_IDS = "SELECT " + FileRecord.COLUMNS + " FROM files WHERE id = ANY($1)";
  // the uploader, or a participant of a chat with a live message that references the file
  private static final String VISIBLE =
      "SELECT " + FileRecord.COLUMNS + " FROM files f WHERE f.id = $1 AND f.deleted_at IS NULL AND ("
          + "f.owner_user_id = $2 OR EXISTS (SELECT 1 FROM messages m "
          + "JOIN chat_participants p ON p.chat_id = m.chat_id AND p.user_id = $2 "
          + "WHERE m.file_ids <> '{}' AND m.file_ids @> ARRAY[f.id] AND (m.expires_at IS NULL OR m.expires_at > now())))";
  private static final String MARK_UPLOADED =
      "UPDATE files SET status = 'uploaded', uploaded_at = now() WHERE id = $1 AND deleted_at IS NULL "
          + "RETURNING " + FileRecord.COLUMNS;
  // $2: pending files the store was just seen to hold, which become uploaded by the same statement
  private static final String TOUCH_REFERENCES =
      "UPDATE files SET status = 'uploaded', uploaded_at = COALESCE(uploaded_at, now()), "
          + "first_referenced_at = COALESCE(first_referenced_at, now()), last_referenced_at = now() "
          + "WHERE id = ANY($1) AND deleted_at IS NULL AND (status = 'uploaded' OR id = ANY($2)) RETURNING id";
  // a retired file's bytes leave its owner's usage in the same statement
  private static final String RELEASE_BYTES =
      ", released AS (UPDATE storage_usage u SET bytes = u.bytes - g.total FROM "
          + "(SELECT owner_user_id, SUM(size) AS total FROM gone WHERE quota_organization_id IS NULL "
          + "GROUP BY owner_user_id) g WHERE u.user_id = g.owner_user_id), "
          + "released_organizations AS (UPDATE organization_storage_usage o SET bytes = o.bytes - g.total FROM "
          + "(SELECT quota_organization_id, SUM(size) AS total FROM gone WHERE quota_organization_id IS NOT NULL "
          + "GROUP BY quota_organization_id) g WHERE o.organization_id = g.quota_organization_id) "
          + "SELECT count(*) AS retired FROM gone";
  private static final String RETIRE_ORPHANS =
      "WITH gone AS (UPDATE files SET deleted_at = now() WHERE id IN (SELECT id FROM files "
          + "WHERE first_referenced_at IS NULL AND deleted_at IS NULL AND created_at < now() - make_interval(secs => $1) "
          + "LIMIT $2) "
          + "AND first_referenced_at IS NULL AND deleted_at IS NULL RETURNING owner_user_id, size, quota_organization_id)" + RELEASE_BYTES;
  // the outer conditions are checked again on each row as it is locked: a reference made meanwhile wins
  private static final String RETIRE_UNREFERENCED =
      "WITH gone AS (UPDATE files f SET deleted_at = now() WHERE f.id IN (SELECT c.id FROM files c "
          + "WHERE c.first_referenced_at IS NOT NULL AND c.deleted_at IS NULL "
          + "AND c.last_referenced_at < now() - make_interval(secs => $1) "
          + "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_ids <> '{}' AND m.file_ids @> ARRAY[c.id]) LIMIT $2) "
          + "AND f.deleted_at IS NULL AND f.last_referenced_at < now() - make_interval(secs => $1) "
          + "RETURNING owner_user_id, size, quota_organization_id)" + RELEASE_BYTES;
  private static final String TO_PURGE =
      "SELECT " + FileRecord.COLUMNS + ", first_referenced_at IS NULL AS orphan FROM files "
          + "WHERE deleted_at IS NOT NULL AND object_purged_at IS NULL ORDER BY deleted_at LIMIT $1";
  private static final String PURGED = "UPDATE files SET object_purged_at = now() WHERE id = $1";
  private static final String DROP = "DELETE FROM files WHERE id = $1";

  private final Pool pool;

  public FileRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * What is left of the quota now (a read: {@link #reserveBytes} decides): the user's, or with
   * {@code organizationId} the organization's.
   */
  public Future<Long> remainingBytes(String userId, String organizationId, long quota) {
    String sql = organizationId == null ? USED_BYTES : USED_ORGANIZATION_BYTES;
    return pool.preparedQuery(sql).execute(Tuple.of(organizationId == null ? userId : organizationId))
        .map(rows -> rows.size() == 0 ? quota : Math.max(0, quota - rows.iterator().next().getLong("bytes")));
  }

  /**
   * Adds {@code bytes} to the user's usage (or the organization's, when the file is for one of its
   * chats) when the total stays within {@code quota}, in the caller's
   * transaction (the usage row stays locked until it ends); the bytes left before, when they did not fit.
   */
  public Future<Long> reserveBytes(SqlConnection tx, String userId, String organizationId, long bytes, long quota) {
    boolean organization = organizationId != null;
    String owner = organization ? organizationId : userId;
    return tx.preparedQuery(organization ? RESERVE_ORGANIZATION_BYTES : RESERVE_BYTES).execute(Tuple.of(owner, bytes,
        quota)).compose(rows -> rows.size() > 0 ? Future.succeededFuture((Long) null)
        : tx.preparedQuery(organization ? USED_ORGANIZATION_BYTES : USED_BYTES).execute(Tuple.of(owner))
            .map(used -> Math.max(0, quota - used.iterator().next().getLong("bytes"))));
  }

  public Future<FileRecord> insert(SqlConnection tx, NewFile file) {
    return tx.preparedQuery(INSERT).execute(Tuple.tuple().addValue(file.id()).addValue(file.ownerUserId())
            .addValue(file.chatId()).addValue(file.filename()).addValue(file.contentType()).addValue(file.size())
            .addValue(file.storageKey()).addValue(file.uploadId()).addValue(file.partSize())
            .addValue(file.quotaOrganizationId()))
        .map(rows -> FileRecord.fromRow(rows.iterator().next()));
  }

  public Future<FileRecord> findLive(String id) {
    return pool.preparedQuery(LIVE_BY_ID).execute(Tuple.of(id)).map(FileRepository::single);
  }

  /** The file when this user may see it (uploader, or participant of a chat that has it), else null. */
  public Future<FileRecord> visibleTo(String id, String userId) {
    return pool.preparedQuery(VISIBLE).execute(Tuple.of(id, userId)).map(FileRepository::single);
  }

  public Future<List<FileRecord>> byIds(List<String> ids) {
    return pool.preparedQuery(BY_IDS).execute(Tuple.of(ids.toArray(new String[0])))
        .map(rows -> PgRows.list(rows, FileRecord::fromRow));
  }

  public Future<FileRecord> markUploaded(String id) {
    return pool.preparedQuery(MARK_UPLOADED).execute(Tuple.of(id)).map(FileRepository::single);
  }

  /**
   * Records that a message is about to reference these files, marking {@code confirmed} ones (pending
   * files whose bytes the store holds) uploaded on the way; how many were live and uploaded.
   */
  public Future<Integer> touchReferences(List<String> ids, List<String> confirmed) {
    // Tuple.of(array, array) would spread the second array as varargs
    return pool.preparedQuery(TOUCH_REFERENCES).execute(Tuple.tuple().addValue(ids.toArray(new String[0]))
        .addValue(confirmed.toArray(new String[0]))).map(rows -> rows.size());
  }

  /**
   * Marks deleted the files never referenced and presigned longer than {@code age} ago (by the
   * database's clock, which also stamps references); how many.
   */
  public Future<Integer> retireOrphans(Duration age, int limit) {
    return pool.preparedQuery(RETIRE_ORPHANS).execute(Tuple.of((double) age.toSeconds(), limit))
        .map(rows -> rows.iterator().next().getLong("retired").intValue());
  }

  /** Marks deleted the referenced files no message references any more, last referenced longer than {@code grace} ago. */
  public Future<Integer> retireUnreferenced(Duration grace, int limit) {
    return pool.preparedQuery(RETIRE_UNREFERENCED).execute(Tuple.of((double) grace.toSeconds(), limit))
        .map(rows -> rows.iterator().next().getLong("retired").intValue());
  }

  /** Deleted files whose objects are still to be removed from the store. */
  public Future<List<Retired>> toPurge(int limit) {
    return pool.preparedQuery(TO_PURGE).execute(Tuple.of(limit))
        .map(rows -> PgRows.list(rows, row -> new Retired(FileRecord.fromRow(row), row.getBoolean("orphan"))));
  }

  /** The object is gone: a never-referenced file's row goes too, a referenced one's stays as a tombstone. */
  public Future<Void> purged(Retired file) {
    return pool.preparedQuery(file.orphan() ? DROP : PURGED).execute(Tuple.of(file.file().id())).mapEmpty();
  }

  private static FileRecord single(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? null : FileRecord.fromRow(rows.iterator().next());
  }

  /** A file about to be presigned; {@code quotaOrganizationId}: the organization whose quota it counts against, or null. */
  public record NewFile(String id, String ownerUserId, String chatId, String filename, String contentType, long size,
      String storageKey, String uploadId, Long partSize, String quotaOrganizationId) {}

  /** A deleted file whose object is to be removed; {@code orphan}: it was never referenced. */
  public record Retired(FileRecord file, boolean orphan) {}
}
