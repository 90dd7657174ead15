package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.Organizations;
import io.coveton.server.testing.RawHttp;
import io.coveton.server.testing.RelayClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inputs a hostile or careless client sends: NUL characters, bad percent-encoding, oversized heads,
 * ambiguous framing, non-canonical tokens; and the headers and operator surfaces every answer must
 * respect. Each answer is the documented envelope and changes nothing.
 */
class HostileInputTest {
  private static final String METRICS_TOKEN = "metrics-token-for-tests-0123456789";
  private static final String APP_ORIGIN = "https://app.example.com";

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_TRUSTED_PROXIES", "127.0.0.1")
      .with("COVETON_METRICS_TOKEN", METRICS_TOKEN)
      .with("COVETON_CORS_ALLOWED_ORIGINS", APP_ORIGIN);

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());

  @Test
  void nulCharactersAreValidationErrorsNamingTheFieldAndStoreNothing() throws Exception {
    SignedIn ada = server.accounts().register("nulAda");
    SignedIn bob = server.accounts().register("nulBob");
    String adaPhone = messaging.registerDevice(ada, "phone");
    String bobPhone = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    JsonObject inCiphertext = Messaging.message(chat, "aGk=\u0000", List.of(adaPhone, bobPhone));
    assertEquals("ciphertext", messaging.send(ada, inCiphertext).expectError(422, "VALIDATION")
        .getJsonArray("details").getJsonObject(0).getString("path"));
    JsonObject inHeader = Messaging.message(chat, "aGk=", List.of(adaPhone, bobPhone));
    inHeader.getJsonArray("envelopes").getJsonObject(0).put("header", "sealed\u0000");
    assertEquals("envelopes[0].header", messaging.send(ada, inHeader).expectError(422, "VALIDATION")
        .getJsonArray("details").getJsonObject(0).getString("path"));
    assertEquals(0, api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().size());

    api.post("/v1/devices", new JsonObject().put("name", "tablet").put("platform", "ios")
        .put("publicKey", "key\u0000").encode()).bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    api.patch("/v1/users/me", new JsonObject().put("preferences", new JsonObject().put("theme", "dark\u0000")).encode())
        .bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    api.patch("/v1/users/me", new JsonObject().put("preferences", new JsonObject().put("a\u0000", 1)).encode())
        .bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    String org = new Organizations(api).create(ada, "Nul");
    api.patch("/v1/organizations/" + org, new JsonObject().put("settings", new JsonObject().put("x", "\u0000")).encode())
        .bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    api.patch("/v1/organizations/" + org, new JsonObject().put("branding",
            new JsonObject().put("colors", new JsonArray().add("#fff\u0000"))).encode())
        .bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    for (String path : List.of("/v1/chats/chat_%00", "/v1/users/search?q=%00")) {
      assertEquals(400, raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ada.accessToken()
          + "\r\n\r\n").status, path);
    }

    try (RelayClient live = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaPhone)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      live.send(Messaging.message(chat, "aGk=\u0000", List.of(bobPhone)).put("type", "send").put("requestId", "r-nul"));
      JsonObject error = live.awaitType("error", Duration.ofSeconds(5));
      assertEquals("r-nul", error.getString("requestId"));
      assertEquals("VALIDATION", error.getJsonObject("error").getString("code"));
      live.send(new JsonObject().put("type", "ping"));
      live.awaitType("pong", Duration.ofSeconds(5));
    }
    assertEquals(0, api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().size());
  }

  @Test
  void badPercentEncodingInAQueryOrPathIsABadRequestInTheEnvelope() throws Exception {
    SignedIn user = server.accounts().register("percent");
    for (String path : List.of("/v1/chats?before=%zz", "/v1/chats?%zz=1", "/v1/devices?limit=%", "/v1/users/search?q=%zz",
        "/v1/sessions?before=%E0%A4%A", "/v1/chats/%zz", "/v1/chats/chat_%00")) {
      RawHttp.Response answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + user.accessToken() + "\r\n\r\n");
      assertEquals(400, answer.status, path + ": " + answer.body);
      assertEnvelope(answer, "BAD_REQUEST");
    }
  }

  @Test
  void oversizedRequestLinesAndHeadersAreAnsweredInTheEnvelopeAndTheConnectionCloses() throws Exception {
    RawHttp.Response longUri = raw("GET /v1/" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(414, longUri.status);
    assertEnvelope(longUri, "BAD_REQUEST");
    assertTrue(longUri.closed, "the connection closes after a refused head");
    RawHttp.Response bigHeaders = raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
    assertEquals(431, bigHeaders.status);
    assertEnvelope(bigHeaders, "BAD_REQUEST");
    assertEquals("nosniff", bigHeaders.header("x-content-type-options"));
  }

  @Test
  void afterAnEarly413OrAmbiguousFramingTheConnectionIsClosed() throws Exception {
    RawHttp.Response tooLarge = raw("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 50000000\r\n\r\n{\"email\":");
    assertEquals(413, tooLarge.status);
    assertEnvelope(tooLarge, "BAD_REQUEST");
    assertTrue(tooLarge.closed, "the unread body would be read as the next request");

    RawHttp.Response ambiguous = raw("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    assertTrue(ambiguous.status >= 400 && ambiguous.status < 500, "status " + ambiguous.status);
    assertTrue(ambiguous.closed, "RFC 9112 6.3: close after answering");

    RawHttp.Response plain = raw("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(200, plain.status);
    assertFalse(plain.closed, "an unambiguous request keeps its connection");
  }

  @Test
  void onlyTheCanonicalSpellingOfAnAccessTokenIsAccepted() {
    SignedIn user = server.accounts().register("canonical");
    String token = user.accessToken();
    api.get("/v1/auth/me").bearer(token).send().expect(200);
    String signature = token.substring(token.lastIndexOf('.') + 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = signature.charAt(signature.length() - 1);
    char flipped = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String sameBytes = token.substring(0, token.length() - 1) + flipped;
    for (String variant : List.of(token + "x", token + "==", token + ".", token + "=", sameBytes,
        token.replaceFirst("\\.", ".."))) {
      api.get("/v1/auth/me").bearer(variant).send().expectError(401, "UNAUTHORIZED");
    }
    String device = messaging.registerDevice(user, "phone");
    try (RelayClient refused = RelayClient.open(server.relayUrl(), sameBytes, device)) {
      assertEquals(4401, refused.awaitClose());
    }
  }

  @Test
  void everyAnswerCarriesNosniffAndNoStoreAndHttpsAnswersCarryHsts() {
    SignedIn user = server.accounts().register("headers");
    ApiResult me = api.get("/v1/auth/me").bearer(user.accessToken()).send().expect(200);
    assertEquals("no-store", me.header("Cache-Control"));
    assertEquals("nosniff", me.header("X-Content-Type-Options"));
    assertNull(me.header("Strict-Transport-Security"), "plain HTTP from loopback");
    ApiResult login = api.post("/v1/auth/login", new JsonObject().put("email", user.email())
        .put("password", io.coveton.server.testing.Accounts.PASSWORD).encode()).send().expect(200);
    assertEquals("no-store", login.header("Cache-Control"));
    ApiResult missing = api.get("/v1/nothing").send();
    assertEquals("nosniff", missing.header("X-Content-Type-Options"));
    ApiResult viaProxy = api.get("/v1/auth/me").bearer(user.accessToken()).header("X-Forwarded-Proto", "https").send();
    assertEquals("max-age=31536000; includeSubDomains", viaProxy.header("Strict-Transport-Security"));
  }

  @Test
  void metricsNeedTheTokenOnTheRestPortAndAreOpenOnTheirOwnLoopbackPort() {
    api.get("/metrics").send().expectError(401, "UNAUTHORIZED");
    api.get("/metrics").header("Authorization", "Bearer wrong").send().expectError(401, "UNAUTHORIZED");
    ApiResult scraped = api.get("/metrics").header("Authorization", "Bearer " + METRICS_TOKEN).send().expect(200);
    assertTrue(scraped.body().contains("coveton_"), "Prometheus text");
    ApiResult ownPort = new ApiClient("http://127.0.0.1:" + server.metricsPort(), null).get("/metrics").send().expect(200);
    assertTrue(ownPort.body().contains("jvm_"));
    // the metrics port is not the API: its answers are not the API description's
    new ApiClient("http://127.0.0.1:" + server.metricsPort(), null).get("/v1/auth/me").send().expect(404);
  }

  @Test
  void browsersFromAllowedOriginsGetCorsAndOthersDoNot() {
    ApiResult preflight = api.call("OPTIONS", "/v1/auth/login").header("Origin", APP_ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type, idempotency-key").send();
    assertTrue(preflight.status() == 200 || preflight.status() == 204, "status " + preflight.status());
    assertEquals(APP_ORIGIN, preflight.header("Access-Control-Allow-Origin"));
    assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
    assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("idempotency-key"));
    assertNotEquals("true", preflight.header("Access-Control-Allow-Credentials"));

    ApiResult simple = api.get("/health/live").header("Origin", APP_ORIGIN).send().expect(200);
    assertEquals(APP_ORIGIN, simple.header("Access-Control-Allow-Origin"));
    assertTrue(simple.header("Access-Control-Expose-Headers").contains("X-Request-Id"));

    ApiResult foreign = api.get("/health/live").header("Origin", "https://evil.example.net").send();
    assertNull(foreign.header("Access-Control-Allow-Origin"));
    assertEquals(403, foreign.status());
    foreign.expectError(403, "FORBIDDEN");
    api.get("/health/live").send().expect(200);
  }

  private static void assertEnvelope(RawHttp.Response response, String code) {
    assertTrue(response.header("content-type").startsWith("application/json"), response.head);
    JsonObject error = new JsonObject(response.body).getJsonObject("error");
    assertEquals(code, error.getString("code"));
    assertFalse(error.getString("message").isBlank());
  }

  private static RawHttp.Response raw(String request) throws IOException {
    return RawHttp.send(server.httpPort(), request);
  }
}
