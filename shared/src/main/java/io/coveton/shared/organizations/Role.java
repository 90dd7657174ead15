package io.coveton.shared.organizations;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Set;

/** A role of an organization: a name bound to a set of permission keys. */
public record Role(
    String id, String organizationId, String name, String description, boolean builtin, Set<Permission> permissions,
    Instant createdAt, Instant updatedAt) {

  public static final String COLUMNS =
      "r.id, r.organization_id, r.name, r.description, r.builtin, r.permissions, r.created_at, r.updated_at";

  public static Role fromRow(Row row) {
    return new Role(row.getString("id"), row.getString("organization_id"), row.getString("name"),
        row.getString("description"), row.getBoolean("builtin"), Permission.fromKeys(row.getArrayOfStrings("permissions")),
        PgRows.instant(row, "created_at"), PgRows.instant(row, "updated_at"));
  }

  public boolean isOwner() {
    return builtin && BuiltInRole.OWNER.roleName().equals(name);
  }
}
