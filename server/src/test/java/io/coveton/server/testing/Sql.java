package io.coveton.server.testing;

import io.coveton.shared.persistence.DatabaseLocation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Straight to the test database over JDBC: to check, or arrange, what the API cannot show. */
public final class Sql {
  private Sql() {}

  public static long count(DatabaseLocation database, String query) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  public static void execute(DatabaseLocation database, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
