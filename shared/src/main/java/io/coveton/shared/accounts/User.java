package io.coveton.shared.accounts;

import io.vertx.core.json.JsonObject;
import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * An account. The password hash never leaves the server; {@code passwordHash} is null for an
 * account that signs in only through identity providers. {@code emailVerified}: someone proved they
 * hold the mailbox (a completed password reset, or a provider that verified the address).
 */
public record User(
    String id,
    String email,
    String handle,
    String displayName,
    String avatarUrl,
    JsonObject preferences,
    String passwordHash,
    boolean emailVerified,
    Instant createdAt,
    Instant updatedAt) {

  public static final String COLUMNS =
      "id, email, handle, display_name, avatar_url, preferences, password_hash, email_verified, created_at, updated_at";

  public static User fromRow(Row row) {
    Object preferences = row.getValue("preferences");
    return new User(
        row.getString("id"),
        row.getString("email"),
        row.getString("handle"),
        row.getString("display_name"),
        row.getString("avatar_url"),
        preferences instanceof JsonObject json ? json : new JsonObject(),
        row.getString("password_hash"),
        row.getBoolean("email_verified"),
        PgRows.instant(row, "created_at"),
        PgRows.instant(row, "updated_at"));
  }

  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
