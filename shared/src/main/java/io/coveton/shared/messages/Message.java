package io.coveton.shared.messages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stored message with the envelopes its reader may see and its reactions. The ciphertext is
 * opaque and never transformed.
 */
public record Message(
    String id,
    long seq,
    String chatId,
    String senderUserId,
    String senderDeviceId,
    String contentType,
    String ciphertext,
    List<String> fileIds,
    Instant createdAt,
    Instant editedAt,
    Instant expiresAt,
    List<Envelope> envelopes,
    List<ReactionSummary> reactions) {

  public static final String COLUMNS = "m.id, m.seq, m.chat_id, m.sender_user_id, m.sender_device_id, "
      + "m.content_type, m.ciphertext, m.file_ids, m.created_at, m.edited_at, m.expires_at";

  /** Maps a row of {@link #COLUMNS}, plus {@code envelopes} and {@code reactions} JSON text when selected. */
  public static Message fromRow(Row row) {
    int envelopesColumn = row.getColumnIndex("envelopes");
    int reactionsColumn = row.getColumnIndex("reactions");
    String[] files = row.getArrayOfStrings("file_ids");
    return new Message(
        row.getString("id"),
        row.getLong("seq"),
        row.getString("chat_id"),
        row.getString("sender_user_id"),
        row.getString("sender_device_id"),
        row.getString("content_type"),
        row.getString("ciphertext"),
        files == null ? List.of() : Arrays.asList(files),
        PgRows.instant(row, "created_at"),
        PgRows.instant(row, "edited_at"),
        PgRows.instant(row, "expires_at"),
        envelopesColumn < 0 ? List.of() : envelopes(row.getString(envelopesColumn)),
        reactionsColumn < 0 ? List.of() : reactions(row.getString(reactionsColumn)));
  }

  private static List<Envelope> envelopes(String json) {
    List<Envelope> result = new ArrayList<>();
    for (Object item : new JsonArray(json == null ? "[]" : json)) {
      JsonObject envelope = (JsonObject) item;
      result.add(new Envelope(envelope.getString("deviceId"), envelope.getString("header")));
    }
    return result;
  }

  static List<ReactionSummary> reactions(String json) {
    List<ReactionSummary> result = new ArrayList<>();
    for (Object item : new JsonArray(json == null ? "[]" : json)) {
      JsonObject reaction = (JsonObject) item;
      List<String> users = new ArrayList<>();
      reaction.getJsonArray("userIds").forEach(u -> users.add((String) u));
      result.add(new ReactionSummary(reaction.getString("reaction"), reaction.getInteger("count"), users));
    }
    return result;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
