package io.coveton.shared.organizations;

import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** All SQL about teams or departments (one instance per kind) and their members. */
public final class UnitRepository {
  private final Pool pool;
  private final IdGenerator ids;
  private final UnitKind kind;
  private final String select;
  private final String byId;
  private final String list;
  private final String insert;
  private final String update;
  private final String delete;
  private final String addMember;
  private final String removeMember;

  public UnitRepository(Pool pool, IdGenerator ids, UnitKind kind) {
    this.pool = pool;
    this.ids = ids;
    this.kind = kind;
    this.select = "SELECT u.id, u.organization_id, u.name, u.description, u.created_at, u.updated_at, "
        + "ARRAY(SELECT m.user_id FROM " + kind.memberTable() + " m WHERE m.unit_id = u.id ORDER BY m.added_at, "
        + "m.user_id) AS member_ids FROM " + kind.table() + " u ";
    this.byId = select + "WHERE u.id = $1";
    this.list = select + "WHERE u.organization_id = $1 AND ($2::text IS NULL OR u.id < $2) ORDER BY u.id DESC LIMIT $3";
    this.insert = "INSERT INTO " + kind.table() + " (id, organization_id, name, description) VALUES ($1, $2, $3, $4)";
    this.update = "UPDATE " + kind.table() + " SET name = COALESCE($2, name), description = COALESCE($3, description), "
        + "updated_at = now() WHERE id = $1";
    this.delete = "DELETE FROM " + kind.table() + " WHERE id = $1";
    this.addMember = "INSERT INTO " + kind.memberTable() + " (unit_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    this.removeMember = "DELETE FROM " + kind.memberTable() + " WHERE unit_id = $1 AND user_id = $2";
  }

  public UnitKind kind() {
    return kind;
  }

  public Future<Unit> find(String id) {
    return pool.preparedQuery(byId).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : Unit.fromRow(rows.iterator().next()));
  }

  public Future<List<Unit>> list(String organizationId, PageRequest page) {
    return pool.preparedQuery(list).execute(Tuple.of(organizationId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Unit::fromRow));
  }

  public Future<String> create(SqlConnection conn, String organizationId, String name, String description) {
    String id = ids.next(kind.prefix());
    return conn.preparedQuery(insert).execute(Tuple.of(id, organizationId, name, description))
        .recover(UnitRepository::nameTaken).map(id);
  }

  public Future<Void> update(SqlConnection conn, String id, String name, String description) {
    return conn.preparedQuery(update).execute(Tuple.of(id, name, description)).recover(UnitRepository::nameTaken)
        .mapEmpty();
  }

  public Future<Void> delete(SqlConnection conn, String id) {
    return conn.preparedQuery(delete).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> addMember(SqlConnection conn, String id, String userId) {
    return conn.preparedQuery(addMember).execute(Tuple.of(id, userId)).mapEmpty();
  }

  public Future<Boolean> removeMember(SqlConnection conn, String id, String userId) {
    return conn.preparedQuery(removeMember).execute(Tuple.of(id, userId)).map(rows -> rows.rowCount() > 0);
  }

  private static <T> Future<T> nameTaken(Throwable error) {
    return PgErrors.isUniqueViolation(error, null)
        ? Future.failedFuture(ApiException.conflict("The name is already used in this organization."))
        : Future.failedFuture(error);
  }
}
