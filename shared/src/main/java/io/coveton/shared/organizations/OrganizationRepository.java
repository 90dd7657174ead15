package io.coveton.shared.organizations;

import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgErrors;
import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** All SQL about organizations and their memberships. */
public final class OrganizationRepository {
  private static final String INSERT =
      "INSERT INTO organizations (id, name, slug, created_by) VALUES ($1, $2, $3, $4) RETURNING "
          + Organization.COLUMNS.replace("o.", "");
  private static final String INSERT_ROLE =
      "INSERT INTO roles (id, organization_id, name, description, builtin, permissions) VALUES ($1, $2, $3, $4, true, $5)";
  private static final String INSERT_MEMBER =
      "INSERT INTO organization_members (organization_id, user_id, role_id) VALUES ($1, $2, $3)";
  private static final String BY_ID = "SELECT " + Organization.COLUMNS + " FROM organizations o WHERE o.id = $1";
  private static final String FOR_USER =
      "SELECT " + Organization.COLUMNS + " FROM organizations o JOIN organization_members m "
          + "ON m.organization_id = o.id AND m.user_id = $1 AND m.status = 'active' "
          + "WHERE ($2::text IS NULL OR o.id < $2) ORDER BY o.id DESC LIMIT $3";
  private static final String UPDATE =
      "UPDATE organizations o SET name = COALESCE($2, name), settings = COALESCE($3, settings), "
          + "branding = COALESCE($4, branding), updated_at = now() WHERE o.id = $1 RETURNING " + Organization.COLUMNS;
  private static final String SET_STATUS =
      "UPDATE organizations o SET status = $2, suspended_at = CASE WHEN $2 = 'suspended' THEN now() END, "
          + "updated_at = now() WHERE o.id = $1 RETURNING " + Organization.COLUMNS;
  private static final String MEMBERSHIP =
      "SELECT m.organization_id AS member_org, m.user_id, m.status AS member_status, m.joined_at, "
          + "o.status AS org_status, " + Role.COLUMNS + " FROM organization_members m "
          + "JOIN roles r ON r.id = m.role_id JOIN organizations o ON o.id = m.organization_id "
          + "WHERE m.organization_id = $1 AND m.user_id = $2";
  private static final String MEMBERS =
      "SELECT m.user_id, m.status, m.joined_at, u.display_name, u.handle, u.email, " + Role.COLUMNS
          + " FROM organization_members m JOIN roles r ON r.id = m.role_id JOIN users u ON u.id = m.user_id "
          + "WHERE m.organization_id = $1 AND ($2::text IS NULL OR m.user_id < $2) ORDER BY m.user_id DESC LIMIT $3";
  private static final String MEMBER =
      "SELECT m.user_id, m.status, m.joined_at, u.display_name, u.handle, u.email, " + Role.COLUMNS
          + " FROM organization_members m JOIN roles r ON r.id = m.role_id JOIN users u ON u.id = m.user_id "
          + "WHERE m.organization_id = $1 AND m.user_id = $2";
  /** The member row alone is locked: a join would let a concurrent role change drop the row on recheck. */
  private static final String LOCK_MEMBER =
      "SELECT m.role_id, (SELECT r.name FROM roles r WHERE r.id = m.role_id) AS role_name, m.status "
          + "FROM organization_members m WHERE m.organization_id = $1 AND m.user_id = $2 FOR UPDATE";
  private static final String UPDATE_MEMBER =
      "UPDATE organization_members SET role_id = COALESCE($3, role_id), status = COALESCE($4, status) "
          + "WHERE organization_id = $1 AND user_id = $2";
  private static final String REMOVE_MEMBER =
      "DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2";
  private static final String LOCK_OWNERS = "SELECT pg_advisory_xact_lock(hashtext('owners:' || $1))";
  private static final String ACTIVE_OWNERS =
      "SELECT count(*) AS n FROM organization_members m JOIN roles r ON r.id = m.role_id "
          + "WHERE m.organization_id = $1 AND m.status = 'active' AND r.builtin AND r.name = 'owner'";
  private static final String ACTIVE_MEMBERS =
      "SELECT user_id FROM organization_members WHERE organization_id = $1 AND status = 'active' AND user_id = ANY($2)";
  private static final String ORGS_OF_USER =
      "SELECT organization_id FROM organization_members WHERE user_id = $1 AND status = 'active'";

  private static final String ACTIVE_MEMBER_COUNT =
      "SELECT count(*) AS n FROM organization_members WHERE organization_id = $1 AND status = 'active'";
  private final Pool pool;
  private final IdGenerator ids;

  public OrganizationRepository(Pool pool, IdGenerator ids) {
    this.pool = pool;
    this.ids = ids;
  }

  /** Creates the organization with its built-in roles and the creator as owner; 409 on a taken slug. */
  public Future<Organization> create(SqlConnection conn, String name, String slug, String creatorId) {
    String id = ids.next(IdPrefix.ORGANIZATION);
    return conn.preparedQuery(INSERT).execute(Tuple.of(id, name, slug, creatorId))
        .recover(e -> PgErrors.isUniqueViolation(e, "organizations_slug_key")
            ? Future.failedFuture(ApiException.conflict("This slug is already taken."))
            : Future.failedFuture(e))
        .compose(rows -> {
          Organization organization = Organization.fromRow(rows.iterator().next());
          List<Tuple> roles = new ArrayList<>();
          String ownerRoleId = null;
          for (BuiltInRole role : BuiltInRole.values()) {
            String roleId = ids.next(IdPrefix.ROLE);
            if (role == BuiltInRole.OWNER) {
              ownerRoleId = roleId;
            }
            roles.add(Tuple.of(roleId, id, role.roleName(), role.description(),
                Permission.keys(role.permissions()).toArray(new String[0])));
          }
          String owner = ownerRoleId;
          return conn.preparedQuery(INSERT_ROLE).executeBatch(roles)
              .compose(v -> conn.preparedQuery(INSERT_MEMBER).execute(Tuple.of(id, creatorId, owner)))
              .map(organization);
        });
  }

  public Future<Organization> find(String organizationId) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(organizationId))
        .map(rows -> rows.size() == 0 ? null : Organization.fromRow(rows.iterator().next()));
  }

  public Future<List<Organization>> forUser(String userId, PageRequest page) {
    return pool.preparedQuery(FOR_USER).execute(Tuple.of(userId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Organization::fromRow));
  }

  public Future<Organization> update(SqlConnection conn, String organizationId, String name, JsonObject settings,
      JsonObject branding) {
    return conn.preparedQuery(UPDATE).execute(Tuple.of(organizationId, name, settings, branding))
        .map(rows -> Organization.fromRow(rows.iterator().next()));
  }

  public Future<Organization> setStatus(SqlConnection conn, String organizationId, String status) {
    return conn.preparedQuery(SET_STATUS).execute(Tuple.of(organizationId, status))
        .map(rows -> Organization.fromRow(rows.iterator().next()));
  }

  /** The user's membership, or null when they are not a member. */
  public Future<Membership> membership(String organizationId, String userId) {
    return pool.preparedQuery(MEMBERSHIP).execute(Tuple.of(organizationId, userId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Membership(row.getString("member_org"), row.getString("user_id"), Role.fromRow(row),
          row.getString("member_status"), PgRows.instant(row, "joined_at"),
          "suspended".equals(row.getString("org_status")));
    });
  }

  public Future<List<Member>> members(String organizationId, PageRequest page) {
    return pool.preparedQuery(MEMBERS).execute(Tuple.of(organizationId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Member::fromRow));
  }

  public Future<Member> member(String organizationId, String userId) {
    return pool.preparedQuery(MEMBER).execute(Tuple.of(organizationId, userId))
        .map(rows -> rows.size() == 0 ? null : Member.fromRow(rows.iterator().next()));
  }

  public Future<Void> addMember(SqlConnection conn, String organizationId, String userId, String roleId) {
    return conn.preparedQuery(INSERT_MEMBER).execute(Tuple.of(organizationId, userId, roleId))
        .recover(e -> PgErrors.isUniqueViolation(e, null)
            ? Future.failedFuture(ApiException.conflict("Already a member of this organization."))
            : Future.failedFuture(e))
        .mapEmpty();
  }

  /**
   * Sets a member's role and/or status (null keeps it) and answers what they were before, read under
   * the row's lock so that the answer is the state this change replaced; null when there is no member.
   */
  public Future<MemberState> updateMember(SqlConnection conn, String organizationId, String userId, String roleId,
      String status) {
    return conn.preparedQuery(LOCK_MEMBER).execute(Tuple.of(organizationId, userId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row row = rows.iterator().next();
      MemberState before = new MemberState(row.getString("role_id"), row.getString("role_name"),
          row.getString("status"));
      return conn.preparedQuery(UPDATE_MEMBER).execute(Tuple.of(organizationId, userId, roleId, status))
          .map(before);
    });
  }

  /** A member's role and status at one moment. */
  public record MemberState(String roleId, String roleName, String status) {}

  public Future<Void> removeMember(SqlConnection conn, String organizationId, String userId) {
    return conn.preparedQuery(REMOVE_MEMBER).execute(Tuple.of(organizationId, userId)).mapEmpty();
  }

  /**
   * Active owners, counted inside the caller's transaction under a lock per organization, so that
   * two owners demoting each other at once cannot leave none.
   */
  public Future<Long> activeOwners(SqlConnection conn, String organizationId) {
    return conn.preparedQuery(LOCK_OWNERS).execute(Tuple.of(organizationId))
        .compose(v -> conn.preparedQuery(ACTIVE_OWNERS).execute(Tuple.of(organizationId)))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Which of these users are active members. */
  public Future<java.util.Set<String>> activeMembers(String organizationId, List<String> userIds) {
    return pool.preparedQuery(ACTIVE_MEMBERS)
        .execute(Tuple.of(organizationId, (Object) userIds.toArray(new String[0]))).map(rows -> {
          java.util.Set<String> found = new java.util.HashSet<>();
          rows.forEach(row -> found.add(row.getString("user_id")));
          return found;
        });
  }

  public Future<List<String>> organizationsOf(String userId) {
    return pool.preparedQuery(ORGS_OF_USER).execute(Tuple.of(userId)).map(rows -> {
      List<String> orgs = new ArrayList<>();
      rows.forEach(row -> orgs.add(row.getString("organization_id")));
      return orgs;
    });
  }

  /** A member as the members list shows them. */
  public record Member(String userId, String displayName, String handle, String email, Role role, String status,
      java.time.Instant joinedAt) {
    static Member fromRow(Row row) {
      return new Member(row.getString("user_id"), row.getString("display_name"), row.getString("handle"),
          row.getString("email"), Role.fromRow(row), row.getString("status"), PgRows.instant(row, "joined_at"));
    }
  }

  /** Active members, in the caller's transaction. */
  public Future<Long> countActiveMembers(SqlConnection tx, String organizationId) {
    return tx.preparedQuery(ACTIVE_MEMBER_COUNT).execute(Tuple.of(organizationId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }
}
