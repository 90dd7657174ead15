package io.coveton.server.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outbound webhooks to a local receiver (loopback, allowed for this test only), checked with a
 * verifier written here from the documented scheme: signature, retries, redelivery, rotation,
 * disabling, and the SSRF guard.
 */
class WebhookDeliveryTest {
  private static final Receiver receiver = new Receiver();

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_WEBHOOK_ALLOWED_TARGETS", "127.0.0.1/32")
      .with("COVETON_WEBHOOK_TIMEOUT_SECONDS", "2")
      .with("COVETON_OUTBOX_POLL_MILLIS", "20");

  private final ApiClient api = server.api();
  private final Organizations orgs = new Organizations(api);

  @AfterAll
  static void stopReceiver() {
    receiver.server.stop(0);
  }

  @Test
  void aDeliveryIsSignedRetriedAfterA500RedeliveredOnRequestAndSignedWithBothSecretsAfterARotation()
      throws Exception {
    SignedIn owner = server.accounts().register("hookOwner");
    String org = orgs.create(owner, "Hooked");
    JsonObject endpoint = create(owner, org, receiver.url("/hooks/a"), List.of("invite.created")).expect(201).json();
    String secret = endpoint.getString("secret");
    assertTrue(secret.startsWith("whsec_"));
    assertFalse(api.get("/v1/webhook-endpoints/" + endpoint.getString("id")).bearer(owner.accessToken()).send()
        .expect(200).body().contains(secret), "the secret is answered once");

    receiver.answer("/hooks/a", 500, 200);
    String invite = orgs.invite(owner, org, Accounts.uniqueEmail("hooked"), "member").expect(201).json().getString("id");
    List<Received> got = await().atMost(Duration.ofSeconds(15)).until(() -> receiver.at("/hooks/a"), list -> list.size() >= 2);
    Received first = got.get(0);
    Received second = got.get(1);
    assertEquals(first.header("X-Coveton-Event-Id"), second.header("X-Coveton-Event-Id"), "stable across retries");
    assertTrue(verify(second, List.of(secret)), second.header("X-Coveton-Signature"));
    assertFalse(verify(second, List.of("whsec_other")));
    JsonObject body = new JsonObject(second.body());
    assertEquals("invite.created", body.getString("type"));
    assertEquals(org, body.getString("organizationId"));
    assertEquals(first.header("X-Coveton-Event-Id"), body.getString("id"));
    assertEquals(invite, body.getJsonObject("data").getString("targetId"));
    assertFalse(second.body().contains("it_"), "never the invite token");

    JsonArray deliveries = await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(owner, endpoint),
        list -> list.size() == 1 && "succeeded".equals(list.getJsonObject(0).getString("status")));
    JsonObject delivery = deliveries.getJsonObject(0);
    assertEquals(2, delivery.getInteger("attempts"));
    JsonArray log = delivery.getJsonArray("log");
    assertEquals(List.of(500, 200), log.stream().map(a -> ((JsonObject) a).getInteger("responseStatus")).toList());

    api.post("/v1/webhook-endpoints/" + endpoint.getString("id") + "/deliveries/" + delivery.getString("id") + "/retry",
        "{}").bearer(owner.accessToken()).send().expect(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at("/hooks/a").size() == 3);
    assertEquals(first.header("X-Coveton-Event-Id"), receiver.at("/hooks/a").get(2).header("X-Coveton-Event-Id"));
    api.post("/v1/webhook-endpoints/" + endpoint.getString("id") + "/deliveries/whd_" + "0".repeat(26) + "/retry", "{}")
        .bearer(owner.accessToken()).send().expectError(404, "NOT_FOUND");

    String rotated = api.post("/v1/webhook-endpoints/" + endpoint.getString("id") + "/rotate-secret", "{}")
        .bearer(owner.accessToken()).send().expect(200).json().getString("secret");
    orgs.invite(owner, org, Accounts.uniqueEmail("hookedAgain"), "member").expect(201);
    Received afterRotation = await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at("/hooks/a"),
        list -> list.size() == 4).get(3);
    assertEquals(2, afterRotation.header("X-Coveton-Signature").split("v1=").length - 1);
    assertTrue(verify(afterRotation, List.of(rotated)));
    assertTrue(verify(afterRotation, List.of(secret)), "the old secret signs for 24 hours");
  }

  @Test
  void aMembersRemovedDeviceAndRevokedSessionReachTheOrganizationsEndpoints() throws Exception {
    SignedIn owner = server.accounts().register("deviceHookOwner");
    String org = orgs.create(owner, "Devices");
    SignedIn member = orgs.newMember(owner, org, "member", "deviceHookMember");
    create(owner, org, receiver.url("/hooks/devices"), List.of("device.removed", "session.revoked")).expect(201);
    String device = new io.coveton.server.testing.Messaging(api).registerDevice(member, "tablet");
    api.delete("/v1/devices/" + device).bearer(member.accessToken()).send().expect(204);
    Received removed = await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at("/hooks/devices"),
        list -> !list.isEmpty()).get(0);
    JsonObject body = new JsonObject(removed.body());
    assertEquals("device.removed", body.getString("type"));
    assertEquals(device, body.getJsonObject("data").getString("targetId"));
    assertEquals(member.userId(), body.getJsonObject("data").getJsonObject("metadata").getString("userId"));
  }

  @Test
  void anEndpointFailingForTheWholeWindowIsDisabled() throws Exception {
    SignedIn owner = server.accounts().register("failingOwner");
    String org = orgs.create(owner, "Failing");
    receiver.answer("/hooks/down", 500, 500, 500, 500, 500, 500, 500, 500, 500);
    JsonObject endpoint = create(owner, org, receiver.url("/hooks/down"), List.of("*")).expect(201).json();
    orgs.invite(owner, org, Accounts.uniqueEmail("nobody"), "member").expect(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.at("/hooks/down").isEmpty());
    sql("UPDATE webhook_endpoints SET failing_since = now() - interval '25 hours' WHERE id = '"
        + endpoint.getString("id") + "'");
    await().atMost(Duration.ofSeconds(15)).until(() -> "disabled".equals(api.get("/v1/webhook-endpoints/"
        + endpoint.getString("id")).bearer(owner.accessToken()).send().expect(200).json().getString("status")));
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/audit-logs?organizationId=" + org
        + "&action=webhook_endpoint.disabled").bearer(owner.accessToken()).send().expect(200).array().size() == 1);
    // re-enabled by hand, it is healthy again
    JsonObject enabled = api.patch("/v1/webhook-endpoints/" + endpoint.getString("id"),
        new JsonObject().put("status", "active").encode()).bearer(owner.accessToken()).send().expect(200).json();
    assertEquals("active", enabled.getString("status"));
    assertEquals(null, enabled.getValue("failingSince"));
  }

  @Test
  void loopbackAndPrivateTargetsAreRefusedAtConnectTime() throws Exception {
    SignedIn owner = server.accounts().register("ssrfOwner");
    String org = orgs.create(owner, "SSRF");
    // a listener on a loopback address outside the allowed 127.0.0.1/32: reached only if the guard failed
    java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
    HttpServer outside = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    outside.createContext("/", exchange -> {
      reached.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    outside.start();
    try {
      JsonObject loopback = create(owner, org, "http://127.0.0.2:" + outside.getAddress().getPort() + "/hooks/ssrf",
          List.of("*")).expect(201).json();
      assertTargetsRefused(owner, org, loopback);
    } finally {
      outside.stop(0);
    }
    assertEquals(0, reached.get(), "nothing reached the listener behind the refused address");
  }

  private void assertTargetsRefused(SignedIn owner, String org, JsonObject loopback) throws Exception {
    JsonObject internal = create(owner, org, "http://10.255.255.1/hooks", List.of("*")).expect(201).json();
    JsonObject metadata = create(owner, org, "http://169.254.169.254/latest/meta-data", List.of("*")).expect(201).json();
    orgs.invite(owner, org, Accounts.uniqueEmail("ssrf"), "member").expect(201);
    for (Map.Entry<JsonObject, String> target : Map.of(loopback, "loopback", internal, "private",
        metadata, "link-local").entrySet()) {
      JsonObject attempt = await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(owner, target.getKey()),
          list -> !list.isEmpty() && !list.getJsonObject(0).getJsonArray("log").isEmpty())
          .getJsonObject(0).getJsonArray("log").getJsonObject(0);
      assertTrue(attempt.getString("error").startsWith("refused:"), attempt.encode());
      assertTrue(attempt.getString("error").contains(target.getValue()), attempt.encode());
      assertEquals(null, attempt.getValue("responseStatus"));
    }
  }

  @Test
  void endpointsAreForThoseWhoManageWebhooksAndRequestsAreValidated() {
    SignedIn owner = server.accounts().register("hookAdmin");
    String org = orgs.create(owner, "Managed");
    SignedIn member = orgs.newMember(owner, org, "member", "hookMember");
    SignedIn outsider = server.accounts().register("hookOutsider");
    create(member, org, receiver.url("/x"), List.of("*")).expectError(403, "FORBIDDEN");
    create(outsider, org, receiver.url("/x"), List.of("*")).expectError(404, "NOT_FOUND");
    create(owner, org, "ftp://example.com/", List.of("*")).expectError(422, "VALIDATION");
    create(owner, org, receiver.url("/x"), List.of("no.such_event")).expectError(422, "VALIDATION");
    String id = create(owner, org, receiver.url("/x"), List.of("member.removed")).expect(201).json().getString("id");
    api.get("/v1/webhook-endpoints/" + id).bearer(outsider.accessToken()).send().expectError(404, "NOT_FOUND");
    api.get("/v1/webhook-endpoints/" + id).bearer(member.accessToken()).send().expectError(403, "FORBIDDEN");
    assertEquals(1, api.get("/v1/webhook-endpoints?organizationId=" + org).bearer(owner.accessToken()).send()
        .expect(200).array().size());
    api.delete("/v1/webhook-endpoints/" + id).bearer(owner.accessToken()).send().expect(204);
    api.get("/v1/webhook-endpoints/" + id).bearer(owner.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  private io.coveton.server.testing.ApiResult create(SignedIn user, String org, String url, List<String> events) {
    return api.post("/v1/webhook-endpoints", new JsonObject().put("organizationId", org).put("url", url)
        .put("events", new JsonArray(events)).encode()).bearer(user.accessToken()).send();
  }

  private JsonArray deliveries(SignedIn user, JsonObject endpoint) {
    return api.get("/v1/webhook-endpoints/" + endpoint.getString("id") + "/deliveries").bearer(user.accessToken())
        .send().expect(200).array();
  }

  /** The documented scheme, implemented independently: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, 5 minutes. */
  private static boolean verify(Received request, List<String> secrets) throws Exception {
    String header = request.header("X-Coveton-Signature");
    long t = -1;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] pair = part.split("=", 2);
      if (pair[0].equals("t")) {
        t = Long.parseLong(pair[1]);
      } else if (pair[0].equals("v1")) {
        signatures.add(pair[1]);
      }
    }
    if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
      return false;
    }
    for (String secret : secrets) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = HexFormat.of().formatHex(mac.doFinal((t + "." + request.body())
          .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
      for (String signature : signatures) {
        if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
          return true;
        }
      }
    }
    return false;
  }

  private static void sql(String statement) throws Exception {
    var db = server.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = connection.createStatement()) {
      st.execute(statement);
    }
  }

  private record Received(Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  /** A receiver answering each path's queued statuses in turn (then 200), recording every request. */
  private static final class Receiver {
    final HttpServer server;
    final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    final Map<String, ConcurrentLinkedQueue<Integer>> answers = new ConcurrentHashMap<>();

    Receiver() {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      server.createContext("/", exchange -> {
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        received.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(new Received(headers, body));
        Integer status = answers.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        exchange.close();
      });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    String url(String path) {
      return "http://127.0.0.1:" + port() + path;
    }

    void answer(String path, Integer... statuses) {
      answers.computeIfAbsent(path, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
    }

    List<Received> at(String path) {
      return List.copyOf(received.getOrDefault(path, List.of()));
    }
  }
}
