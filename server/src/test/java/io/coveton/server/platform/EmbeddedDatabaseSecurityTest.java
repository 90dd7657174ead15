package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.shared.persistence.DatabaseLocation;
import io.coveton.shared.persistence.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database a node starts for itself lets in only who knows its password, across restarts. */
class EmbeddedDatabaseSecurityTest {
  @TempDir
  Path dataDir;

  @Test
  void onlyTheGeneratedPasswordGetsInOverScramAndItSurvivesARestart() throws Exception {
    DatabaseLocation location;
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0)) {
      location = database.location();
      assertRefused(location, "postgres");
      assertRefused(location, "not-" + location.password());
      assertAdmitted(location, location.password());
    }
    Path passwordFile = dataDir.resolve("postgres-password");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
    assertEquals(location.password(), Files.readString(passwordFile).trim());
    assertTrue(location.password().length() >= 32);
    String hba = Files.readString(dataDir.resolve("postgres").resolve("pg_hba.conf"));
    assertFalse(hba.contains("trust"), hba);

    try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir, 0)) {
      assertEquals(location.password(), again.location().password());
      assertRefused(again.location(), "postgres");
      assertAdmitted(again.location(), again.location().password());
    }
  }

  private static void assertRefused(DatabaseLocation location, String password) {
    SQLException refused = assertThrows(SQLException.class, () -> connect(location, password).close());
    assertEquals("28P01", refused.getSQLState(), refused.getMessage());
  }

  private static void assertAdmitted(DatabaseLocation location, String password) throws SQLException {
    try (Connection connection = connect(location, password)) {
      assertTrue(connection.isValid(2));
    }
  }

  private static Connection connect(DatabaseLocation location, String password) throws SQLException {
    return DriverManager.getConnection(location.jdbcUrl(), location.user(), password);
  }
}
