package io.coveton.shared.organizations;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/** A team or a department, with its members' user ids. */
public record Unit(String id, String organizationId, String name, String description, List<String> memberIds,
    Instant createdAt, Instant updatedAt) {

  static Unit fromRow(Row row) {
    String[] members = row.getArrayOfStrings("member_ids");
    return new Unit(row.getString("id"), row.getString("organization_id"), row.getString("name"),
        row.getString("description"), members == null ? List.of() : List.of(members),
        PgRows.instant(row, "created_at"), PgRows.instant(row, "updated_at"));
  }
}
