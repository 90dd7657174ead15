package io.coveton.shared.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the bundled binaries, for running with no database configured.
 * Its data stays in {@code <dataDir>/postgres} across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
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
      EmbeddedPostgres postgres = builder.start();
      LOG.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), data);
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  public DatabaseLocation location() {
    return new DatabaseLocation("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
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
