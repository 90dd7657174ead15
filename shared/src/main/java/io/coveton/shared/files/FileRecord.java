package io.coveton.shared.files;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * A file's row. {@code uploadId} and {@code partSize} are set for a multipart upload; the status is
 * {@code pending} until the store is known to hold the declared bytes, then {@code uploaded}.
 */
public record FileRecord(String id, String ownerUserId, String chatId, String filename, String contentType, long size,
    String storageKey, String uploadId, Long partSize, String status, Instant createdAt, Instant deletedAt) {
  static final String COLUMNS = "id, owner_user_id, chat_id, filename, content_type, size, storage_key, upload_id, "
      + "part_size, status, created_at, deleted_at";

  public boolean uploaded() {
    return "uploaded".equals(status);
  }

  public boolean multipart() {
    return uploadId != null;
  }

  static FileRecord fromRow(Row row) {
    return new FileRecord(row.getString("id"), row.getString("owner_user_id"), row.getString("chat_id"),
        row.getString("filename"), row.getString("content_type"), row.getLong("size"), row.getString("storage_key"),
        row.getString("upload_id"), row.getLong("part_size"), row.getString("status"),
        PgRows.instant(row, "created_at"), PgRows.instant(row, "deleted_at"));
  }
}
