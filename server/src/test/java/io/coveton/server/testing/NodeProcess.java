package io.coveton.server.testing;

import static org.awaitility.Awaitility.await;

import io.coveton.shared.hashing.Sha256;
import io.coveton.shared.persistence.DatabaseLocation;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Coveton node in a JVM of its own, as an operator would run it, that a test can kill for real. */
public final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int httpPort;
  private final int relayPort;
  private final Path log;

  private NodeProcess(String name, Process process, int httpPort, int relayPort, Path log) {
    this.name = name;
    this.process = process;
    this.httpPort = httpPort;
    this.relayPort = relayPort;
    this.log = log;
  }

  /** Starts a node whose settings are {@code settings} plus a database and a free HTTP port. */
  public static NodeProcess start(String name, DatabaseLocation database, Map<String, String> settings) {
    int port = freePort();
    int relayPort = freePort();
    Path log = Path.of("target", "node-logs", name + "-" + port + ".log");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=logback.xml",
        "-cp", classpath, "io.coveton.server.Main");
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("COVETON_"));
    env.put("COVETON_RELAY_PORT", Integer.toString(relayPort));
    env.put("COVETON_RELAY_EVENT_LOOPS", "2");
    // no metrics port: one bound to any free port could take a port chosen for another node of the test
    env.put("COVETON_METRICS_PORT", "-1");
    env.put("COVETON_EMBEDDED_S3_PORT", "0");
    env.putAll(Map.of(
        "COVETON_NODE_ID", name,
        "COVETON_HTTP_HOST", "127.0.0.1",
        "COVETON_HTTP_PORT", Integer.toString(port),
        "COVETON_HTTP_INSTANCES", "2",
        "COVETON_DATABASE_POOL_SIZE", "4",
        "COVETON_DATA_DIR", "target/node-data/" + name + "-" + port,
        "COVETON_ARGON2_MEMORY_KIB", "4096",
        "COVETON_ARGON2_ITERATIONS", "1",
        "COVETON_DATABASE_URL", database.url()));
    // the nodes of one database share their key-encryption key, as an operator's cluster must
    env.put("COVETON_KEY_ENCRYPTION_KEYS", "test:" + Base64.getEncoder().encodeToString(
        Sha256.of(database.database())));
    env.putAll(settings);
    try {
      Files.createDirectories(log.getParent());
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      return new NodeProcess(name, builder.start(), port, relayPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for nodes that form one Hazelcast cluster on loopback. */
  public static Map<String, String> clusterSettings(String clusterName, List<Integer> hazelcastPorts, int ownPort) {
    Map<String, String> settings = new HashMap<>();
    settings.put("COVETON_CLUSTER_ENABLED", "true");
    settings.put("COVETON_CLUSTER_NAME", clusterName);
    settings.put("COVETON_CLUSTER_PORT", Integer.toString(ownPort));
    settings.put("COVETON_CLUSTER_MEMBERS",
        String.join(",", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).toList()));
    return settings;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String relayUrl() {
    return "ws://127.0.0.1:" + relayPort + "/v1/relay";
  }

  public ApiClient api() {
    return new ApiClient("http://127.0.0.1:" + httpPort);
  }

  /** Waits until the node is ready and sees {@code members} cluster members. */
  public NodeProcess awaitReady(int members) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; see " + log.toAbsolutePath());
      }
      try {
        ApiResult result = api().get("/health/ready").send();
        return result.status() == 200 && new JsonObject(result.body()).getInteger("clusterMembers") == members;
      } catch (RuntimeException e) {
        return false;
      }
    });
    return this;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the node gets no chance to say goodbye. */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** SIGTERM: the node drains and stops; answers its exit code. */
  public int terminate() {
    process.destroy();
    return waitForExit();
  }

  private int waitForExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + " (" + new File(log.toString()).getAbsolutePath() + ")";
  }
}
