package io.coveton.shared.devices;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Set;

/** A device of a user that takes part in encrypted messaging, with the public key others seal to. */
public record Device(
    String id,
    String userId,
    String name,
    String platform,
    String publicKey,
    String keyBundleJson,
    Instant createdAt,
    Instant lastSeenAt,
    Instant revokedAt) {

  public static final Set<String> PLATFORMS = Set.of("ios", "android", "web", "desktop", "server");
  public static final String COLUMNS = "id, user_id, name, platform, public_key, key_bundle::text AS key_bundle, "
      + "created_at, last_seen_at, revoked_at";

  public static Device fromRow(Row row) {
    return new Device(
        row.getString("id"),
        row.getString("user_id"),
        row.getString("name"),
        row.getString("platform"),
        row.getString("public_key"),
        row.getString("key_bundle"),
        PgRows.instant(row, "created_at"),
        PgRows.instant(row, "last_seen_at"),
        PgRows.instant(row, "revoked_at"));
  }

  public boolean active() {
    return revokedAt == null;
  }
}
