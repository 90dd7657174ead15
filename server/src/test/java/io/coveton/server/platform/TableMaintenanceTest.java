package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.coveton.server.testing.CovetonServerExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where the Postgres server's autovacuum is off, nodes vacuum the churning tables themselves, and only then. */
class TableMaintenanceTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension().with("COVETON_VACUUM_SECONDS", "1");

  @Test
  void churningTablesAreVacuumedExactlyWhenAutovacuumIsOff() throws Exception {
    if (autovacuumOn()) {
      Thread.sleep(3_000);
      for (String table : List.of("mailbox_heads", "chats")) {
        assertNull(lastVacuum(table), table + " vacuumed by the node although autovacuum is on");
      }
    } else {
      Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
          lastVacuum("mailbox_heads") != null && lastVacuum("chats") != null && lastVacuum("messages") != null);
      assertEquals(false, autovacuumOn());
    }
  }

  private static boolean autovacuumOn() throws SQLException {
    return query("SELECT (current_setting('autovacuum') = 'on')::text", null).equals("true");
  }

  private static String lastVacuum(String table) throws SQLException {
    return query("SELECT last_vacuum::text FROM pg_stat_user_tables WHERE relname = ?", table);
  }

  private static String query(String sql, String parameter) throws SQLException {
    var db = server.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         var statement = connection.prepareStatement(sql)) {
      if (parameter != null) {
        statement.setString(1, parameter);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
