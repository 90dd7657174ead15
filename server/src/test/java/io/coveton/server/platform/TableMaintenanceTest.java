package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.CovetonServerExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where the Postgres server's autovacuum is off, nodes vacuum the churning tables themselves. The
 * test runs on a Postgres server of its own, started with autovacuum off, because that setting is
 * server-wide and only a restart changes it: nothing but the node can have vacuumed these tables.
 */
class TableMaintenanceTest {
  static final List<String> CHURNING = List.of("mailbox_heads", "chats", "sessions", "outbox_deliveries");

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .onOwnPostgres(Map.of("autovacuum", "off")).with("COVETON_VACUUM_SECONDS", "1");

  @Test
  void theNodesVacuumTheChurningAndTheGrowingTables() {
    assertEquals("off", query(server, "SELECT current_setting('autovacuum')", null));
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
        CHURNING.stream().allMatch(table -> lastVacuum(server, table) != null)
            && lastVacuum(server, "messages") != null && lastVacuum(server, "message_envelopes") != null);
  }

  static String lastVacuum(CovetonServerExtension server, String table) {
    return query(server, "SELECT last_vacuum::text FROM pg_stat_user_tables WHERE relname = ?", table);
  }

  static String query(CovetonServerExtension server, String sql, String parameter) {
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
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
