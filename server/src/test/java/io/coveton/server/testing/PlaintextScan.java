package io.coveton.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.shared.persistence.DatabaseLocation;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Looks for plaintexts in every cell of every table of the database, and in the servers' logs. */
public final class PlaintextScan {
  private PlaintextScan() {}

  public static void assertNowhere(DatabaseLocation database, List<String> plaintexts, List<String> logs) throws Exception {
    assertTrue(!plaintexts.isEmpty(), "something to look for");
    List<String> found = new ArrayList<>();
    int cells = 0;
    try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = db.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertTrue(tables.contains("messages") && tables.contains("device_keys"), "the whole schema: " + tables);
      for (String table : tables) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int column = 1; column <= columns; column++) {
              boolean binary = rows.getMetaData().getColumnTypeName(column).equals("bytea");
              byte[] raw = binary ? rows.getBytes(column) : null;
              String text = binary ? (raw == null ? null : new String(raw, StandardCharsets.UTF_8)) : rows.getString(column);
              if (text == null) {
                continue;
              }
              cells++;
              for (String plaintext : plaintexts) {
                if (text.contains(plaintext)) {
                  found.add(table + "." + rows.getMetaData().getColumnName(column) + " holds '" + plaintext + "'");
                }
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < logs.size(); i++) {
      for (String plaintext : plaintexts) {
        if (logs.get(i).contains(plaintext)) {
          found.add("log " + i + " holds '" + plaintext + "'");
        }
      }
    }
    assertTrue(cells > 100, "the scan read the data: " + cells + " cells");
    assertEquals(List.of(), found);
  }
}
