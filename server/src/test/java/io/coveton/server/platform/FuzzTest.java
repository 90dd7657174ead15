package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.RawHttp;
import io.coveton.server.testing.RelayClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random requests against every route of the router's table and random relay frames, bounded in
 * tries so the suite stays fast. The property, whatever arrives: never a 5xx, never an error outside
 * the documented envelope and its eight codes, never internals (class names, SQL, stack frames) in a
 * body or close reason.
 */
class FuzzTest {
  private static final Set<String> CODES = Set.of("BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND",
      "CONFLICT", "VALIDATION", "RATE_LIMITED", "INTERNAL");
  private static final List<String> FIELDS = List.of("email", "password", "displayName", "handle", "refreshToken",
      "name", "slug", "type", "participantIds", "organizationId", "chatId", "contentType", "ciphertext", "envelopes",
      "deviceId", "header", "expiresAt", "fileIds", "reaction", "role", "status", "permissions", "userId", "userIds",
      "token", "publicKey", "platform", "preferences", "settings", "branding", "description", "requestId",
      "idempotencyKey", "ids", "accessToken");
  private static final CovetonServerExtension server = new CovetonServerExtension();
  private static ApiClient api;
  private static SignedIn user;
  private static String device;
  private static String chat;
  private static List<String> routes;
  private static String peer;
  private static String peerDevice;

  @BeforeContainer
  static void start() throws Exception {
    server.beforeAll(null);
    api = server.api();
    user = server.accounts().register("fuzzed");
    SignedIn other = server.accounts().register("fuzzedPeer");
    Messaging messaging = new Messaging(api);
    device = messaging.registerDevice(user, "phone");
    peer = other.userId();
    peerDevice = messaging.registerDevice(other, "phone");
    chat = messaging.direct(user, other);
    routes = server.restRoutes().stream().filter(route -> route.split(" ")[1].startsWith("/v1/")).toList();
  }

  @AfterContainer
  static void stop() throws Exception {
    server.afterAll(null);
  }

  @Property(tries = 300)
  void jsonBodiesOfEveryRoute(@ForAll("routes") String route, @ForAll("json") JsonObject body) {
    String method = route.split(" ")[0];
    String path = fill(route.split(" ")[1], null);
    ApiClient.Call call = switch (method) {
      case "POST" -> api.post(path, body.encode());
      case "PATCH" -> api.patch(path, body.encode());
      case "DELETE" -> api.delete(path);
      default -> api.get(path);
    };
    assertWellFormed(call.bearer(user.accessToken()).header("X-Device-Id", device).send());
  }

  /** Every writing route, every field a route may read, each hostile value: exhaustively, one at a time. */
  @Property(generation = GenerationMode.EXHAUSTIVE)
  void everyFieldOfEveryWritingRouteTakesEachHostileValue(@ForAll("writingRoutes") String route,
      @ForAll("fields") String field, @ForAll("hostileValues") Object value) {
    JsonObject body = soundBody().put(field, value);
    String path = fill(route.split(" ")[1], null);
    ApiClient.Call call = route.startsWith("POST") ? api.post(path, body.encode()) : api.patch(path, body.encode());
    assertWellFormed(call.bearer(user.accessToken()).header("X-Device-Id", device).send());
  }

  @Provide
  Arbitrary<String> writingRoutes() {
    return Arbitraries.of(routes.stream().filter(route -> route.startsWith("POST") || route.startsWith("PATCH"))
        .filter(route -> !route.contains("/auth/")).toList());
  }

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.of(FIELDS);
  }

  @Provide
  Arbitrary<Object> hostileValues() {
    return Arbitraries.of("nul\u0000inside", Long.MAX_VALUE, new JsonObject().put("\u0000", new JsonArray().add(-1)));
  }

  @Property(tries = 200)
  void queryStringsAndPathIds(@ForAll("routes") String route, @ForAll("hostileText") String text,
      @ForAll("hostileText") String key, @ForAll boolean encode) throws Exception {
    String method = route.split(" ")[0];
    String value = encode ? URLEncoder.encode(text, StandardCharsets.UTF_8) : asRequestTarget(text);
    String target = route.split(" ")[1].replaceAll(":[A-Za-z]+", java.util.regex.Matcher.quoteReplacement(value))
        + "?" + (encode ? URLEncoder.encode(key, StandardCharsets.UTF_8) : asRequestTarget(key)) + "=" + value;
    boolean hasBody = method.equals("POST") || method.equals("PATCH");
    RawHttp.Response answer = RawHttp.send(server.httpPort(), method + " " + target + " HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + user.accessToken() + "\r\n"
        + (hasBody ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" : "\r\n"), false);
    assertTrue(answer.status > 0 && answer.status < 500, "a server error or no answer: " + answer.head + answer.body);
    if (answer.status >= 400) {
      JsonObject error = new JsonObject(answer.body).getJsonObject("error");
      assertTrue(CODES.contains(error.getString("code")), answer.body);
      assertNoInternals(answer.body);
    }
  }

  /** Raw text as a request target would carry it: no spaces or line breaks (those end the request line). */
  private static String asRequestTarget(String text) {
    StringBuilder target = new StringBuilder();
    for (char c : text.toCharArray()) {
      target.append(c <= ' ' || c >= 0x7f ? "%" + String.format("%02X", (int) c & 0xff) : String.valueOf(c));
    }
    return target.toString();
  }

  @Property(tries = 150)
  void bearerTokens(@ForAll("tokens") String token) {
    ApiResult result;
    try {
      result = api.get("/v1/auth/me").bearer(token).send();
    } catch (IllegalArgumentException notAHeaderValue) {
      return;
    }
    assertWellFormed(result);
    if (!token.equals(user.accessToken())) {
      assertEquals(401, result.status(), token);
    }
  }

  @Property(tries = 150)
  void relayFrames(@ForAll("frames") List<JsonObject> frames) {
    try (RelayClient live = RelayClient.connect(server.relayUrl(), user.accessToken(), device)) {
      for (JsonObject frame : frames) {
        if (!sent(live, frame)) {
          break;
        }
      }
      sent(live, new JsonObject().put("type", "ping"));
      List<JsonObject> received = live.receivedUntil("pong", Duration.ofSeconds(5));
      for (JsonObject answer : received) {
        if ("error".equals(answer.getString("type"))) {
          JsonObject error = answer.getJsonObject("error");
          assertTrue(CODES.contains(error.getString("code")), answer.encode());
          assertFalse("INTERNAL".equals(error.getString("code")), "an internal error for " + frames);
          assertNoInternals(answer.encode());
        }
      }
      if (live.isClosed()) {
        assertTrue(Set.of(1008, 1009, 4400, 4429).contains(live.awaitClose()), "closed with " + live.awaitClose());
        assertNoInternals(live.closeReason());
      }
    }
  }

  /** False once the server has closed the connection (a frame it refuses can end it). */
  private static boolean sent(RelayClient live, JsonObject frame) {
    try {
      live.send(frame);
      return true;
    } catch (RuntimeException closed) {
      return false;
    }
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of(routes);
  }

  /**
   * Mostly a body that is valid for most routes (every field a route might read, with a sound value)
   * with one or two fields made hostile, so that the hostile value gets past validation of the rest
   * and reaches storage; sometimes a body random throughout.
   */
  @Provide
  Arbitrary<JsonObject> json() {
    return Arbitraries.randomValue(random -> {
      if (random.nextInt(4) == 0) {
        return randomObject(random, 3);
      }
      JsonObject body = soundBody();
      int edits = 1 + random.nextInt(2);
      for (int i = 0; i < edits; i++) {
        String field = FIELDS.get(random.nextInt(FIELDS.size()));
        if (random.nextBoolean() && body.getValue(field) instanceof JsonObject nested) {
          nested.put(randomString(random), randomValue(random, 1));
        } else if (random.nextBoolean() && body.getValue(field) instanceof JsonArray list && !list.isEmpty()
            && list.getValue(0) instanceof JsonObject item) {
          item.put(item.fieldNames().iterator().next(), randomValue(random, 1));
        } else {
          body.put(field, randomValue(random, 2));
        }
      }
      return body;
    });
  }

  private static JsonObject soundBody() {
    return new JsonObject().put("email", "fuzz" + System.nanoTime() + "@example.com").put("password", "a-strong-passphrase")
        .put("displayName", "Fuzz").put("handle", "fuzz" + (System.nanoTime() % 100000)).put("name", "Fuzz")
        .put("slug", "fuzz-" + System.nanoTime()).put("type", "group").put("participantIds", new JsonArray().add(peer))
        .put("chatId", chat).put("contentType", "text/plain").put("ciphertext", "aGk=")
        .put("envelopes", new JsonArray().add(new JsonObject().put("deviceId", peerDevice).put("header", "h")))
        .put("reaction", "+1").put("role", "member").put("status", "active").put("permissions", new JsonArray())
        .put("publicKey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").put("platform", "ios")
        .put("preferences", new JsonObject().put("theme", "dark")).put("settings", new JsonObject().put("a", 1))
        .put("branding", new JsonObject().put("color", "#fff")).put("description", "d").put("userIds", new JsonArray());
  }

  @Provide
  Arbitrary<String> hostileText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        Arbitraries.strings().withChars("%zZ0-_.~/\\\u0000\u00e9\ud83d\ude00 \"'<>&=?#").ofMaxLength(40),
        Arbitraries.of("%", "%zz", "%00", "%E0%A4%A", "..%2F..", "%2e%2e", "chat_" + "a".repeat(26), "x".repeat(5000)));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300),
        Arbitraries.randomValue(random -> mutate(user.accessToken(), random)),
        Arbitraries.of(user.accessToken(), "", ".", "..", "a.b.c", "eyJ.eyJ.sig"));
  }

  @Provide
  Arbitrary<List<JsonObject>> frames() {
    Arbitrary<JsonObject> frame = Arbitraries.randomValue(random -> {
      JsonObject body = randomObject(random, 2);
      String type = List.of("send", "ack", "typing", "ping", "auth", "sync", "nonsense").get(random.nextInt(7));
      if (random.nextInt(4) > 0) {
        body.put("type", type);
      }
      if ("send".equals(type) && random.nextBoolean()) {
        body.put("chatId", chat);
      }
      return body;
    });
    return frame.list().ofMinSize(1).ofMaxSize(5);
  }

  private static String mutate(String token, Random random) {
    StringBuilder mutated = new StringBuilder(token);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && mutated.length() > 0; i++) {
      int at = random.nextInt(mutated.length());
      switch (random.nextInt(3)) {
        case 0 -> mutated.setCharAt(at, "A-_.=+/x\u00e9".charAt(random.nextInt(9)));
        case 1 -> mutated.deleteCharAt(at);
        default -> mutated.insert(at, "=.x".charAt(random.nextInt(3)));
      }
    }
    return mutated.toString();
  }

  private static JsonObject randomObject(Random random, int depth) {
    JsonObject object = new JsonObject();
    int fields = random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      String key = random.nextInt(5) == 0 ? randomString(random) : FIELDS.get(random.nextInt(FIELDS.size()));
      object.put(key, randomValue(random, depth));
    }
    return object;
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 6);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(2000) - 1000;
      case 3 -> random.nextDouble() * 1e12;
      case 4, 5 -> randomString(random);
      case 6, 7 -> {
        JsonArray array = new JsonArray();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.add(randomValue(random, depth - 1));
        }
        yield array;
      }
      default -> randomObject(random, depth - 1);
    };
  }

  private static String randomString(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> "\u0000";
      case 2 -> "x".repeat(random.nextInt(random.nextInt(10) == 0 ? 70_000 : 300));
      case 3 -> "usr_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
      case 4 -> "2026-12-03T10:00:00Z";
      case 5 -> "\ud83d\ude00\u00e9'\";--<script>";
      case 6 -> chat;
      default -> Long.toString(random.nextLong(), 36);
    };
  }

  /** A route's path with every parameter given {@code text} (URL-encoded), or the user's own chat. */
  private static String fill(String template, String text) {
    String value = text == null ? chat : URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    return template.replaceAll(":[A-Za-z]+", java.util.regex.Matcher.quoteReplacement(value));
  }

  private static void assertWellFormed(ApiResult result) {
    assertTrue(result.status() < 500, "a server error: " + result.status() + " " + result.body());
    if (result.status() >= 400) {
      JsonObject error = new JsonObject(result.body()).getJsonObject("error");
      assertTrue(CODES.contains(error.getString("code")), result.body());
      assertFalse(error.getString("message", "").isBlank(), result.body());
      result.expectNoInternals();
    }
  }

  private static void assertNoInternals(String text) {
    if (text == null) {
      return;
    }
    for (String internal : List.of("Exception", "\tat ", "at io.", "at java.", "org.postgresql", "io.vertx", "SQL",
        "syntax error", "duplicate key", "pg_")) {
      assertFalse(text.contains(internal), "internals (" + internal + ") in: " + text);
    }
  }
}
