package io.coveton.shared.delivery;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A message waiting for one device, with that device's sealed key and its position in the device's mailbox. */
public record PendingEnvelope(
    long position,
    String messageId,
    String chatId,
    String senderUserId,
    String senderDeviceId,
    String contentType,
    String ciphertext,
    java.util.List<String> fileIds,
    String header,
    Instant createdAt,
    Instant editedAt,
    Instant expiresAt) {

  static PendingEnvelope fromRow(Row row) {
    return new PendingEnvelope(
        row.getLong("position"),
        row.getString("id"),
        row.getString("chat_id"),
        row.getString("sender_user_id"),
        row.getString("sender_device_id"),
        row.getString("content_type"),
        row.getString("ciphertext"),
        row.getArrayOfStrings("file_ids") == null ? java.util.List.of() : java.util.List.of(row.getArrayOfStrings("file_ids")),
        row.getString("header"),
        PgRows.instant(row, "created_at"),
        PgRows.instant(row, "edited_at"),
        PgRows.instant(row, "expires_at"));
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
