package io.coveton.shared.organizations;

import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;

/** All SQL about roles. */
public final class RoleRepository {
  private static final String BY_ID = "SELECT " + Role.COLUMNS + " FROM roles r WHERE r.id = $1";
  private static final String BUILTIN_BY_NAME =
      "SELECT " + Role.COLUMNS + " FROM roles r WHERE r.organization_id = $1 AND r.name = $2 AND r.builtin";
  private static final String LIST =
      "SELECT " + Role.COLUMNS + " FROM roles r WHERE r.organization_id = $1 AND ($2::text IS NULL OR r.id < $2) "
          + "ORDER BY r.id DESC LIMIT $3";
  private static final String INSERT =
      "INSERT INTO roles (id, organization_id, name, description, permissions) VALUES ($1, $2, $3, $4, $5) "
          + "RETURNING " + Role.COLUMNS.replace("r.", "");
  private static final String UPDATE =
      "UPDATE roles r SET name = COALESCE($2, name), description = COALESCE($3, description), "
          + "permissions = COALESCE($4, permissions), updated_at = now() WHERE r.id = $1 AND NOT r.builtin "
          + "RETURNING " + Role.COLUMNS;
  private static final String IN_USE =
      "SELECT (SELECT count(*) FROM organization_members WHERE role_id = $1) "
          + "+ (SELECT count(*) FROM invites WHERE role_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL) AS n";
  private static final String DELETE = "DELETE FROM roles WHERE id = $1 AND NOT builtin";

  private final Pool pool;
  private final IdGenerator ids;

  public RoleRepository(Pool pool, IdGenerator ids) {
    this.pool = pool;
    this.ids = ids;
  }

  public Future<Role> find(String roleId) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(roleId))
        .map(rows -> rows.size() == 0 ? null : Role.fromRow(rows.iterator().next()));
  }

  public Future<Role> builtin(String organizationId, BuiltInRole role) {
    return pool.preparedQuery(BUILTIN_BY_NAME).execute(Tuple.of(organizationId, role.roleName()))
        .map(rows -> Role.fromRow(rows.iterator().next()));
  }

  public Future<List<Role>> list(String organizationId, PageRequest page) {
    return pool.preparedQuery(LIST).execute(Tuple.of(organizationId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Role::fromRow));
  }

  public Future<Role> create(SqlConnection conn, String organizationId, String name, String description,
      Set<Permission> permissions) {
    return conn.preparedQuery(INSERT).execute(Tuple.of(ids.next(IdPrefix.ROLE), organizationId, name, description,
            Permission.keys(permissions).toArray(new String[0])))
        .map(rows -> Role.fromRow(rows.iterator().next()))
        .recover(RoleRepository::nameTaken);
  }

  /** Changes a custom role; null for a built-in one. */
  public Future<Role> update(SqlConnection conn, String roleId, String name, String description,
      Set<Permission> permissions) {
    String[] keys = permissions == null ? null : Permission.keys(permissions).toArray(new String[0]);
    return conn.preparedQuery(UPDATE).execute(Tuple.of(roleId, name, description, keys))
        .map(rows -> rows.size() == 0 ? null : Role.fromRow(rows.iterator().next()))
        .recover(RoleRepository::nameTaken);
  }

  /** Deletes a custom role nobody holds or is invited to; 409 otherwise. */
  public Future<Void> delete(SqlConnection conn, String roleId) {
    return conn.preparedQuery(IN_USE).execute(Tuple.of(roleId)).compose(rows -> {
      if (rows.iterator().next().getLong("n") > 0) {
        return Future.failedFuture(ApiException.conflict("This role is still held or offered; reassign it first."));
      }
      return conn.preparedQuery(DELETE).execute(Tuple.of(roleId)).mapEmpty();
    });
  }

  private static <T> Future<T> nameTaken(Throwable error) {
    return PgErrors.isUniqueViolation(error, null)
        ? Future.failedFuture(ApiException.conflict("A role with this name already exists."))
        : Future.failedFuture(error);
  }
}
