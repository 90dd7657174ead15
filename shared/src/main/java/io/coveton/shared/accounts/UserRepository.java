package io.coveton.shared.accounts;

import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** All SQL about users. */
public final class UserRepository {
  private static final String INSERT =
      "INSERT INTO users (id, email, email_normalized, handle, display_name, password_hash) "
          + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + User.COLUMNS;
  private static final String BY_ID = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1";
  private static final String BY_EMAIL = "SELECT " + User.COLUMNS + " FROM users WHERE email_normalized = $1";
  private static final String UPDATE_PROFILE =
      "UPDATE users SET display_name = COALESCE($2, display_name), "
          + "avatar_url = CASE WHEN $3 THEN $4 ELSE avatar_url END, "
          + "handle = CASE WHEN $5 THEN $6 ELSE handle END, "
          + "preferences = COALESCE($7, preferences), updated_at = now() "
          + "WHERE id = $1 RETURNING " + User.COLUMNS;
  private static final String SEARCH =
      "SELECT " + User.COLUMNS + " FROM users "
          + "WHERE (email_normalized = $1 OR handle LIKE $2 ESCAPE '\\') AND ($3::text IS NULL OR id < $3) "
          + "ORDER BY id DESC LIMIT $4";

  private static final String EXISTING = "SELECT id FROM users WHERE id = ANY($1)";

  private static final String RESET_PASSWORD =
      "UPDATE users SET password_hash = $2, email_verified = true, updated_at = now() WHERE id = $1";
  private static final String INSERT_VERIFIED =
      "INSERT INTO users (id, email, email_normalized, display_name, email_verified) "
          + "VALUES ($1, $2, $3, $4, true) RETURNING " + User.COLUMNS;
  private static final String LOCK_BY_ID = BY_ID + " FOR UPDATE";
  private static final String LOCK_BY_EMAIL = BY_EMAIL + " FOR UPDATE";
  private static final String MARK_EMAIL_VERIFIED =
      "UPDATE users SET email_verified = true, updated_at = now() WHERE id = $1";
  private static final String DROP_PASSWORD =
      "UPDATE users SET password_hash = NULL, updated_at = now() WHERE id = $1";
  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<User> insert(String id, String email, String handle, String displayName, String passwordHash) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(id, email, User.normalizeEmail(email), handle, displayName, passwordHash))
        .map(UserRepository::single)
        .recover(UserRepository::translateConflicts);
  }

  /** Sets the password through a reset link, which also proves the mailbox. */
  public Future<Void> resetPassword(SqlConnection tx, String userId, String passwordHash) {
    return tx.preparedQuery(RESET_PASSWORD).execute(Tuple.of(userId, passwordHash)).mapEmpty();
  }

  /** An account an identity provider vouches for: verified email, no password. */
  public Future<User> insertVerified(SqlConnection tx, String id, String email, String displayName) {
    return tx.preparedQuery(INSERT_VERIFIED).execute(Tuple.of(id, email, User.normalizeEmail(email), displayName))
        .map(UserRepository::single);
  }

  public Future<User> lockById(SqlConnection tx, String id) {
    return tx.preparedQuery(LOCK_BY_ID).execute(Tuple.of(id)).map(UserRepository::single);
  }

  public Future<User> lockByEmail(SqlConnection tx, String email) {
    return tx.preparedQuery(LOCK_BY_EMAIL).execute(Tuple.of(User.normalizeEmail(email))).map(UserRepository::single);
  }

  public Future<Void> markEmailVerified(SqlConnection tx, String id) {
    return tx.preparedQuery(MARK_EMAIL_VERIFIED).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> dropPassword(SqlConnection tx, String id) {
    return tx.preparedQuery(DROP_PASSWORD).execute(Tuple.of(id)).mapEmpty();
  }

  /** Whether this failure is the insert of an email some account already has. */
  public static boolean isEmailTaken(Throwable error) {
    return PgErrors.isUniqueViolation(error, "users_email_normalized_key");
  }

  public Future<User> findById(String id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(UserRepository::single);
  }

  public Future<User> findByEmail(String email) {
    return pool.preparedQuery(BY_EMAIL).execute(Tuple.of(User.normalizeEmail(email))).map(UserRepository::single);
  }

  /** Applies a partial profile update; a null argument leaves the field as it is. */
  public Future<User> updateProfile(String id, ProfileChange change) {
    Tuple params = Tuple.tuple()
        .addValue(id)
        .addValue(change.displayName())
        .addValue(change.avatarUrlSet())
        .addValue(change.avatarUrl())
        .addValue(change.handleSet())
        .addValue(change.handle())
        .addValue(change.preferences());
    return pool.preparedQuery(UPDATE_PROFILE).execute(params)
        .map(UserRepository::single)
        .recover(UserRepository::translateConflicts);
  }

  /** Which of these user ids exist. */
  public Future<java.util.Set<String>> existing(List<String> ids) {
    return pool.preparedQuery(EXISTING).execute(Tuple.of(ids.toArray(new String[0]))).map(rows -> {
      java.util.Set<String> found = new java.util.HashSet<>();
      rows.forEach(row -> found.add(row.getString("id")));
      return found;
    });
  }

  /** Users whose handle starts with {@code query}, or whose email is exactly {@code query}. */
  public Future<List<User>> search(String query, PageRequest page) {
    String likePrefix = query.toLowerCase(java.util.Locale.ROOT)
        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return pool.preparedQuery(SEARCH)
        .execute(Tuple.of(User.normalizeEmail(query), likePrefix, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, User::fromRow));
  }

  private static <T> Future<T> translateConflicts(Throwable error) {
    if (isEmailTaken(error)) {
      return Future.failedFuture(ApiException.conflict("An account with this email already exists."));
    }
    if (PgErrors.isUniqueViolation(error, "users_handle_key")) {
      return Future.failedFuture(ApiException.conflict("This handle is already taken."));
    }
    return Future.failedFuture(error);
  }

  private static User single(RowSet<Row> rows) {
    return rows.size() == 0 ? null : User.fromRow(rows.iterator().next());
  }

  /** A partial profile update: which of the nullable fields were given, and their new values. */
  public record ProfileChange(
      String displayName, boolean avatarUrlSet, String avatarUrl, boolean handleSet, String handle,
      JsonObject preferences) {}
}
