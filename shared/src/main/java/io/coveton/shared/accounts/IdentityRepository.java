package io.coveton.shared.accounts;

import io.coveton.shared.persistence.PgErrors;
import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** All SQL about the provider identities linked to accounts. */
public final class IdentityRepository {
  private static final String FIND =
      "SELECT " + Identity.COLUMNS + " FROM user_identities WHERE provider = $1 AND subject = $2";
  private static final String INSERT =
      "INSERT INTO user_identities (provider, subject, user_id, email) VALUES ($1, $2, $3, $4)";
  private static final String UPDATE_EMAIL =
      "UPDATE user_identities SET email = $3 WHERE provider = $1 AND subject = $2";
  private static final String OF_USER =
      "SELECT " + Identity.COLUMNS + " FROM user_identities WHERE user_id = $1 ORDER BY provider";
  private static final String DELETE =
      "DELETE FROM user_identities WHERE user_id = $1 AND provider = $2";

  private final Pool pool;

  public IdentityRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Identity> find(SqlConnection tx, String provider, String subject) {
    return tx.preparedQuery(FIND).execute(Tuple.of(provider, subject))
        .map(rows -> rows.size() == 0 ? null : Identity.fromRow(rows.iterator().next()));
  }

  /** Links it; a unique violation when the identity, or one of this provider for the account, exists. */
  public Future<Void> link(SqlConnection tx, String provider, String subject, String userId, String email) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(provider, subject, userId, email)).mapEmpty();
  }

  /** Whether this failure is a link that lost a race with another link of the same identity or account. */
  public static boolean isLinkRace(Throwable error) {
    return PgErrors.isUniqueViolation(error, "user_identities_pkey")
        || PgErrors.isUniqueViolation(error, "user_identities_user_id_provider_key");
  }

  public Future<Void> updateEmail(SqlConnection tx, String provider, String subject, String email) {
    return tx.preparedQuery(UPDATE_EMAIL).execute(Tuple.of(provider, subject, email)).mapEmpty();
  }

  public Future<List<Identity>> ofUser(String userId) {
    return ofUser(pool, userId);
  }

  public Future<List<Identity>> ofUser(SqlClient client, String userId) {
    return client.preparedQuery(OF_USER).execute(Tuple.of(userId)).map(rows -> PgRows.list(rows, Identity::fromRow));
  }

  public Future<Boolean> unlink(SqlConnection tx, String userId, String provider) {
    return tx.preparedQuery(DELETE).execute(Tuple.of(userId, provider)).map(rows -> rows.rowCount() > 0);
  }
}
