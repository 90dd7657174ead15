package io.coveton.shared.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the bundled binaries, for running with no database configured.
 * Its data stays in {@code <dataDir>/postgres} across restarts. Only a client that knows its
 * password gets in: the superuser's password is generated on first start and kept in
 * {@code <dataDir>/postgres-password} (mode 0600), and every connection, TCP or Unix socket, must
 * authenticate with {@code scram-sha-256} (the embedding library initializes the cluster with
 * {@code trust}, which let any local user in as superuser).
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String PASSWORD_FILE = "postgres-password";
  private static final String HBA = """
      # Written by Coveton at every start: password (SCRAM) authentication only.
      local   all   all                 scram-sha-256
      host    all   all   127.0.0.1/32  scram-sha-256
      host    all   all   ::1/128       scram-sha-256
      """;
  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /** Starts Postgres with its data in {@code dataDir/postgres}; port 0 picks a free one. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    try {
      Path data = dataDir.resolve("postgres");
      Path binaries = dataDir.resolve("postgres-binaries");
      Files.createDirectories(data);
      Files.createDirectories(binaries);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(data.toFile())
          .setCleanDataDirectory(false)
          .setOverrideWorkingDirectory(binaries.toFile())
          .setServerConfig("max_connections", "200")
          // the embedding library turns these off for speed; acknowledged messages must survive a crash
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on");
      if (port > 0) {
        builder.setPort(port);
      }
      Path passwordFile = dataDir.resolve(PASSWORD_FILE);
      boolean secured = Files.exists(passwordFile);
      String password = secured ? Files.readString(passwordFile, StandardCharsets.US_ASCII).trim() : newPassword();
      if (secured) {
        // the library checks that the server is up by connecting: it must authenticate
        builder.setConnectConfig("password", password);
      }
      EmbeddedPostgres postgres = builder.start();
      if (!secured) {
        secure(postgres, password, passwordFile);
      }
      Files.writeString(data.resolve("pg_hba.conf"), HBA, StandardCharsets.US_ASCII);
      reloadConfiguration(postgres, password);
      LOG.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), data);
      return new EmbeddedDatabase(postgres, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  /** First start (or a data folder from before passwords): give the superuser its password, keep it 0600. */
  private static void secure(EmbeddedPostgres postgres, String password, Path passwordFile) throws IOException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute("SET password_encryption = 'scram-sha-256'");
      statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
    } catch (SQLException e) {
      throw new IOException("cannot set the embedded database's password", e);
    }
    Files.deleteIfExists(passwordFile);
    Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(passwordFile, password + "\n", StandardCharsets.US_ASCII);
  }

  private static void reloadConfiguration(EmbeddedPostgres postgres, String password) throws IOException {
    try (Connection connection = DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", password);
         Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("cannot reload the embedded database's configuration", e);
    }
  }

  /** 256 random bits in hex: nothing in it needs quoting. */
  private static String newPassword() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public DatabaseLocation location() {
    return new DatabaseLocation("127.0.0.1", postgres.getPort(), "postgres", "postgres", password);
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
