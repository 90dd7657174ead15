package io.coveton.shared.organizations;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** An invitation of an email address into an organization with a role. The token is stored hashed. */
public record Invite(String id, String organizationId, String email, String roleId, String invitedBy,
    Instant createdAt, Instant expiresAt, Instant acceptedAt, Instant revokedAt) {

  public static final String COLUMNS =
      "id, organization_id, email, role_id, invited_by, created_at, expires_at, accepted_at, revoked_at";

  static Invite fromRow(Row row) {
    return new Invite(row.getString("id"), row.getString("organization_id"), row.getString("email"),
        row.getString("role_id"), row.getString("invited_by"), PgRows.instant(row, "created_at"),
        PgRows.instant(row, "expires_at"), PgRows.instant(row, "accepted_at"), PgRows.instant(row, "revoked_at"));
  }

  public boolean pending() {
    return acceptedAt == null && revokedAt == null;
  }
}
