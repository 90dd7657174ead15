package io.coveton.server.testing;

import io.coveton.shared.persistence.DatabaseLocation;
import io.coveton.shared.persistence.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Finds a Postgres server for tests the same way on every machine: COVETON_TEST_DATABASE_URL if set,
 * else the server on 127.0.0.1:5432 if one answers, else an embedded one started once per JVM.
 * Each caller gets a fresh database of its own on it.
 */
public final class TestDatabases {
  private static DatabaseLocation server;

  private TestDatabases() {}

  /** Creates a new empty database and answers where it is. */
  public static synchronized DatabaseLocation create() {
    return create(server());
  }

  /** Creates a new empty database on the given server. */
  public static DatabaseLocation create(DatabaseLocation admin) {
    String name = "coveton_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute(admin, "CREATE DATABASE " + name);
    return admin.withDatabase(name);
  }

  public static synchronized void drop(DatabaseLocation database) {
    execute(server(), "DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
  }

  /**
   * Starts a Postgres server of the test's own, with server settings no shared server may be assumed
   * to have (such as {@code autovacuum}, which only a server restart changes).
   */
  public static EmbeddedPostgres startServer(Map<String, String> serverSettings) {
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "own-pg");
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data").toFile())
          .setOverrideWorkingDirectory(Files.createDirectories(dir.resolve("binaries")).toFile());
      serverSettings.forEach(builder::setServerConfig);
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a Postgres server for the test", e);
    }
  }

  public static DatabaseLocation location(EmbeddedPostgres postgres) {
    return new DatabaseLocation("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
  }

  private static DatabaseLocation server() {
    if (server == null) {
      server = locate();
    }
    return server;
  }

  private static DatabaseLocation locate() {
    String configured = System.getenv("COVETON_TEST_DATABASE_URL");
    if (configured != null && !configured.isBlank()) {
      return DatabaseLocation.parse(configured);
    }
    DatabaseLocation local = new DatabaseLocation("127.0.0.1", 5432, "postgres", "postgres", "");
    if (answers(local)) {
      return local;
    }
    try {
      Path target = Files.createDirectories(Path.of("target"));
      Path dir = Files.createTempDirectory(target, "embedded-pg");
      EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
      return embedded.location();
    } catch (IOException e) {
      throw new IllegalStateException("no Postgres for tests: none configured, none on 5432, embedded failed", e);
    }
  }

  private static boolean answers(DatabaseLocation location) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(location.host(), location.port()), 500);
    } catch (IOException e) {
      return false;
    }
    try (Connection ignored = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password())) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void execute(DatabaseLocation location, String sql) {
    try (Connection connection = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + sql, e);
    }
  }
}
