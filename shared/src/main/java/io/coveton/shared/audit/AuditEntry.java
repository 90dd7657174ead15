package io.coveton.shared.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.coveton.shared.hashing.Sha256;
import io.coveton.shared.persistence.PgRows;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One audit record, with the hash that chains it to the previous record of its organization. The
 * metadata is kept as the exact JSON text that was hashed, and answered as the object it encodes.
 */
public record AuditEntry(
    String id, long seq, String organizationId, String actorUserId, String action, String targetType, String targetId,
    String ip, String userAgent, @JsonRawValue String metadata, Instant createdAt, String prevHash, String hash) {

  public static final String COLUMNS = "id, seq, organization_id, actor_user_id, action, target_type, target_id, ip, "
      + "user_agent, metadata, created_at, prev_hash, hash";

  public static AuditEntry fromRow(Row row) {
    return new AuditEntry(row.getString("id"), row.getLong("seq"), row.getString("organization_id"),
        row.getString("actor_user_id"), row.getString("action"), row.getString("target_type"),
        row.getString("target_id"), row.getString("ip"), row.getString("user_agent"), row.getString("metadata"),
        PgRows.instant(row, "created_at"), row.getString("prev_hash"), row.getString("hash"));
  }

  /**
   * SHA-256 (hex) of the previous hash and this entry's fields, encoded as one JSON array:
   * {@code [prevHash, id, organizationId, actorUserId, action, targetType, targetId, ip, userAgent,
   * metadata, createdAt]} with createdAt in ISO-8601 UTC to the microsecond.
   */
  public static String chainHash(String prevHash, String id, String organizationId, String actorUserId, String action,
      String targetType, String targetId, String ip, String userAgent, String metadata, Instant createdAt) {
    String canonical = new JsonArray().add(prevHash).add(id).add(organizationId).add(actorUserId).add(action)
        .add(targetType).add(targetId).add(ip).add(userAgent).add(metadata)
        .add(DateTimeFormatter.ISO_INSTANT.format(createdAt)).encode();
    return Sha256.hex(canonical);
  }

  public String recomputeHash() {
    return chainHash(prevHash, id, organizationId, actorUserId, action, targetType, targetId, ip, userAgent, metadata,
        createdAt);
  }
}
