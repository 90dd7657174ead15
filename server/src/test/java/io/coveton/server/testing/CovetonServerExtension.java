package io.coveton.server.testing;

import io.coveton.server.CovetonNode;
import io.coveton.shared.config.ConfigLoader;
import io.coveton.shared.persistence.DatabaseLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one real Coveton node for a test class, on a random port, against a fresh Postgres database
 * of its own that is dropped afterwards. Register it as a static field with the settings the class
 * needs; everything else takes test-friendly defaults (cheap argon2, a generous rate limit).
 */
public final class CovetonServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, String> settings = new HashMap<>();
  private DatabaseLocation database;
  private CovetonNode node;
  private ApiClient api;
  private boolean countRoundTrips;
  private PgWireCounter wireCounter;
  private Map<String, String> ownPostgresSettings;
  private java.nio.file.Path dataDir;
  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres ownPostgres;

  public CovetonServerExtension() {
    settings.put("COVETON_HTTP_HOST", "127.0.0.1");
    settings.put("COVETON_HTTP_PORT", "0");
    settings.put("COVETON_RELAY_PORT", "0");
    settings.put("COVETON_RELAY_EVENT_LOOPS", "2");
    settings.put("COVETON_ARGON2_MEMORY_KIB", "4096");
    settings.put("COVETON_ARGON2_ITERATIONS", "1");
    settings.put("COVETON_RATE_LIMIT_PER_MINUTE", "100000");
    settings.put("COVETON_DATABASE_POOL_SIZE", "8");
    settings.put("COVETON_SHUTDOWN_GRACE_SECONDS", "2");
    settings.put("COVETON_METRICS_PORT", "0");
    settings.put("COVETON_EMBEDDED_S3_PORT", "0");
  }

  /** Puts a {@link PgWireCounter} between the node and Postgres. */
  public CovetonServerExtension countingDatabaseRoundTrips() {
    countRoundTrips = true;
    return this;
  }

  /** Runs the node against a Postgres server of its own, started with these server settings. */
  public CovetonServerExtension onOwnPostgres(Map<String, String> serverSettings) {
    ownPostgresSettings = serverSettings;
    return this;
  }

  /** Mails go to the SMTP server on this loopback port (plain, no login); links point to app.example.com. */
  public CovetonServerExtension mailingThrough(int smtpPort) {
    return with("COVETON_SMTP_HOST", "127.0.0.1").with("COVETON_SMTP_PORT", Integer.toString(smtpPort))
        .with("COVETON_SMTP_SECURITY", "none").with("COVETON_PUBLIC_APP_URL", "https://app.example.com")
        .with("COVETON_OUTBOX_POLL_MILLIS", "20");
  }

  /**
   * A plan catalogue whose free plan has 10,000 seats, for tests about other rules that fill an
   * organization with more members than the built-in free plan allows.
   */
  public CovetonServerExtension withManySeats() {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("plans", ".json");
      java.nio.file.Files.writeString(file, "{\"plans\": [{\"id\": \"free\", \"name\": \"Free\", "
          + "\"interval\": \"none\", \"seats\": 10000, \"storageQuotaBytes\": 1073741824, \"prices\": {}}]}");
      file.toFile().deleteOnExit();
      return with("COVETON_PLANS_FILE", file.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public CovetonServerExtension with(String key, String value) {
    settings.put(key, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (ownPostgresSettings != null) {
      ownPostgres = TestDatabases.startServer(ownPostgresSettings);
      database = TestDatabases.create(TestDatabases.location(ownPostgres));
    } else {
      database = TestDatabases.create();
    }
    Map<String, String> env = new HashMap<>(settings);
    String host = database.host();
    int port = database.port();
    if (countRoundTrips) {
      wireCounter = new PgWireCounter(host, port);
      host = "127.0.0.1";
      port = wireCounter.port();
    }
    env.put("COVETON_DATABASE_URL", new DatabaseLocation(host, port, database.database(), database.user(),
        database.password()).url());
    dataDir = java.nio.file.Path.of("target/test-data/" + UUID.randomUUID()).toAbsolutePath();
    env.put("COVETON_DATA_DIR", dataDir.toString());
    node = CovetonNode.start(ConfigLoader.from(env));
    api = new ApiClient("http://127.0.0.1:" + node.httpPort());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (node != null) {
      node.stop();
    }
    if (wireCounter != null) {
      wireCounter.close();
    }
    if (ownPostgres != null) {
      ownPostgres.close();
    } else if (database != null) {
      TestDatabases.drop(database);
    }
  }

  public int httpPort() {
    return node.httpPort();
  }

  public int relayPort() {
    return node.relayPort();
  }

  /** The node's data folder (mail files, key file). */
  public java.nio.file.Path dataDir() {
    return dataDir;
  }

  public int metricsPort() {
    return node.metricsPort();
  }

  public java.util.List<String> restRoutes() {
    return node.restRoutes();
  }

  /** The relay's WebSocket URL. */
  public String relayUrl() {
    return "ws://127.0.0.1:" + node.relayPort() + "/v1/relay";
  }

  public ApiClient api() {
    return api;
  }

  /** The node's Vert.x, to observe what it publishes on the event bus. */
  public io.vertx.core.Vertx vertx() {
    return node.vertx();
  }

  public PgWireCounter wireCounter() {
    return wireCounter;
  }

  public DatabaseLocation database() {
    return database;
  }

  public Accounts accounts() {
    return new Accounts(api);
  }
}
