package io.coveton.server.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.NodeProcess;
import io.coveton.server.testing.RateWindows;
import io.coveton.server.testing.TestDatabases;
import io.coveton.shared.persistence.DatabaseLocation;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Two nodes in separate JVMs, joined by Hazelcast on loopback, sharing one Postgres database. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterTest {
  private static DatabaseLocation database;
  private static NodeProcess first;
  private static NodeProcess second;

  @BeforeAll
  static void startCluster() {
    database = TestDatabases.create();
    String cluster = "coveton-test-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> hazelcastPorts = List.of(NodeProcess.freePort(), NodeProcess.freePort());
    first = NodeProcess.start("node-a", database, settings(cluster, hazelcastPorts, 0));
    second = NodeProcess.start("node-b", database, settings(cluster, hazelcastPorts, 1));
    first.awaitReady(2);
    second.awaitReady(2);
  }

  private static Map<String, String> settings(String cluster, List<Integer> ports, int index) {
    Map<String, String> settings = new HashMap<>(NodeProcess.clusterSettings(cluster, ports, ports.get(index)));
    settings.put("COVETON_RATE_LIMIT_PER_MINUTE", "10");
    settings.put("COVETON_TRUSTED_PROXIES", "127.0.0.1");
    settings.put("COVETON_LOGIN_MAX_FAILURES_PER_ACCOUNT", "3");
    return settings;
  }

  @AfterAll
  static void stopCluster() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  @Order(1)
  void rateLimitIsOneBudgetAcrossTheCluster() {
    RateWindows.awaitEarlyInMinute();
    String ip = "198.51.100.77";
    for (int i = 0; i < 5; i++) {
      from(ip, first.api().get("/v1/nothing")).send().expect(404);
    }
    ApiResult onSecond = from(ip, second.api().get("/v1/nothing")).send().expect(404);
    assertEquals("4", onSecond.header("X-RateLimit-Remaining"), "node B must see node A's five requests");
    for (int i = 0; i < 4; i++) {
      from(ip, (i % 2 == 0 ? second : first).api().get("/v1/nothing")).send().expect(404);
    }
    from(ip, first.api().get("/v1/nothing")).send().expectError(429, "RATE_LIMITED");
    from(ip, second.api().get("/v1/nothing")).send().expectError(429, "RATE_LIMITED");
  }

  @Test
  @Order(2)
  void parallelGuessesOnBothNodesAreEvaluatedAtMostTheAccountsBudget() throws Exception {
    String email = Accounts.uniqueEmail("guessed");
    from("198.51.100.90", first.api().post("/v1/auth/register", new JsonObject().put("email", email)
        .put("password", Accounts.PASSWORD).put("displayName", "Guessed").encode())).send().expect(201);
    RateWindows.awaitEarlyInMinute();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        NodeProcess node = i % 2 == 0 ? first : second;
        String guess = "guess-" + i;
        answers.add(pool.submit(() -> {
          start.await();
          return from("198.51.100.91", node.api().post("/v1/auth/login", new JsonObject().put("email", email)
              .put("password", guess).encode())).send().status();
        }));
      }
      start.countDown();
      List<Integer> statuses = new java.util.ArrayList<>();
      for (var answer : answers) {
        statuses.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertEquals(3, statuses.stream().filter(status -> status == 401).count(), statuses.toString());
      assertEquals(5, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(3)
  void sessionRevokedOnOneNodeIsRevokedOnTheOther() {
    ApiClient a = first.api();
    ApiClient b = second.api();
    String email = Accounts.uniqueEmail("cluster");
    JsonObject registered = from("198.51.100.80", a.post("/v1/auth/register", new JsonObject().put("email", email)
        .put("password", Accounts.PASSWORD).put("displayName", "Cluster").encode())).send().expect(201).json();
    String victimToken = registered.getString("accessToken");
    JsonObject other = from("198.51.100.81", b.post("/v1/auth/login", new JsonObject().put("email", email)
        .put("password", Accounts.PASSWORD).encode())).send().expect(200).json();
    from("198.51.100.80", a.get("/v1/auth/me").bearer(victimToken)).send().expect(200);

    String sid = sessionIdOf(victimToken);
    from("198.51.100.81", b.delete("/v1/sessions/" + sid).bearer(other.getString("accessToken"))).send().expect(204);
    from("198.51.100.80", b.get("/v1/auth/me").bearer(victimToken)).send().expectError(401, "UNAUTHORIZED");
    // node a remembered the session; the revocation notice reaches it over the cluster event bus
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
        from("198.51.100.80", a.get("/v1/auth/me").bearer(victimToken)).send().status() == 401);
    from("198.51.100.80", a.get("/v1/auth/me").bearer(victimToken)).send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  @Order(4)
  void aDeviceRegisteredOnOneNodeIsARecipientOnTheOtherWithinMoments() {
    ApiClient a = first.api();
    ApiClient b = second.api();
    JsonObject ada = registerOn(a, "198.51.100.85", "adaCache");
    JsonObject bob = registerOn(a, "198.51.100.86", "bobCache");
    String adaToken = ada.getString("accessToken");
    String bobToken = bob.getString("accessToken");
    String chat = from("198.51.100.85", a.post("/v1/chats", new JsonObject().put("type", "direct")
            .put("participantIds", new io.vertx.core.json.JsonArray().add(bob.getJsonObject("user").getString("id")))
            .encode()).bearer(adaToken)).send().expect(201).json().getString("id");
    // node A sends once, so it now remembers the chat's (device-less) participants
    from("198.51.100.85", a.post("/v1/messages", io.coveton.server.testing.Messaging.message(chat, "b25l",
        List.of()).encode()).bearer(adaToken)).send().expect(201);
    String bobDevice = from("198.51.100.86", b.post("/v1/devices", new JsonObject().put("name", "new")
            .put("platform", "ios").put("publicKey", "a2V5").encode()).bearer(bobToken)).send().expect(201).json()
        .getString("id");
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() ->
        from("198.51.100.85", a.post("/v1/messages", io.coveton.server.testing.Messaging.message(chat, "dHdv",
            List.of(bobDevice)).encode()).bearer(adaToken)).send().status() == 201);
  }

  private static JsonObject registerOn(ApiClient api, String ip, String prefix) {
    return from(ip, api.post("/v1/auth/register", new JsonObject().put("email", Accounts.uniqueEmail(prefix))
        .put("password", Accounts.PASSWORD).put("displayName", prefix).encode())).send().expect(201).json();
  }

  @Test
  @Order(5)
  void survivingNodeServesAfterTheOtherIsKilled() {
    String email = Accounts.uniqueEmail("survivor");
    JsonObject registered = from("198.51.100.90", second.api().post("/v1/auth/register", new JsonObject()
        .put("email", email).put("password", Accounts.PASSWORD).put("displayName", "S").encode())).send()
        .expect(201).json();
    first.kill();
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> from("198.51.100.90",
        second.api().get("/v1/auth/me").bearer(registered.getString("accessToken"))).send().status() == 200);
    second.awaitReady(1);
    // 143 = terminated by SIGTERM after the shutdown hook ran (a hung drain would end in SIGKILL, 137)
    assertEquals(143, second.terminate(), "a SIGTERM'd node drains and exits");
    assertTrue(second.logText().contains("stopped"), "graceful stop is logged");
  }

  private static ApiClient.Call from(String ip, ApiClient.Call call) {
    return call.header("X-Forwarded-For", ip).header("X-Forwarded-Proto", "https");
  }

  private static String sessionIdOf(String accessToken) {
    String payload = accessToken.split("\\.")[1];
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload))).getString("sid");
  }
}
