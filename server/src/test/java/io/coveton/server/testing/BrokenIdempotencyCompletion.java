package io.coveton.server.testing;

import io.coveton.shared.persistence.DatabaseLocation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Makes recording an idempotent request's result fail, for keys starting with {@code break-}, by a
 * trigger on the server's own table: the request's work succeeds, the completion step does not.
 */
public final class BrokenIdempotencyCompletion implements AutoCloseable {
  private final DatabaseLocation database;

  private BrokenIdempotencyCompletion(DatabaseLocation database) {
    this.database = database;
  }

  public static BrokenIdempotencyCompletion install(DatabaseLocation database) {
    BrokenIdempotencyCompletion broken = new BrokenIdempotencyCompletion(database);
    broken.execute("CREATE OR REPLACE FUNCTION test_break_completion() RETURNS trigger LANGUAGE plpgsql AS $$ "
        + "BEGIN IF NEW.status_code IS NOT NULL AND NEW.idempotency_key LIKE 'break-%' THEN "
        + "RAISE EXCEPTION 'completion broken by the test'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER test_break_completion BEFORE UPDATE ON idempotency_records "
            + "FOR EACH ROW EXECUTE FUNCTION test_break_completion()");
    return broken;
  }

  @Override
  public void close() {
    execute("DROP TRIGGER IF EXISTS test_break_completion ON idempotency_records");
  }

  private void execute(String... statements) {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); var statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
