package io.coveton.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthApiTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();

  @Test
  void signInWithAProviderThatIsNotConfiguredIsNotFound() {
    for (String path : java.util.List.of("/v1/auth/oauth/google?redirectUri=http://localhost:8080",
        "/v1/auth/oauth/github?redirectUri=http://localhost:8080", "/v1/auth/oauth/google/callback?state=x&code=y",
        "/v1/auth/oauth/github/callback")) {
      server.api().get(path).send().expectError(404, "NOT_FOUND");
    }
    server.api().post("/v1/auth/oauth/exchange", "{\"code\":\"oac_unknown\"}").send().expectError(422, "VALIDATION");
  }

  @Test
  void registerAnswersUserAndTokenPair() {
    String email = Accounts.uniqueEmail("ada");
    var result = api.post("/v1/auth/register", new JsonObject().put("email", email)
        .put("password", Accounts.PASSWORD).put("displayName", "Ada Lovelace").encode()).send().expect(201);
    JsonObject body = result.json();
    JsonObject user = body.getJsonObject("user");
    assertTrue(user.getString("id").startsWith("usr_"));
    assertEquals(email, user.getString("email"));
    assertEquals("Ada Lovelace", user.getString("displayName"));
    assertTrue(user.getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertFalse(user.containsKey("passwordHash"));
    assertFalse(result.body().contains("argon2"));
    assertEquals("Bearer", body.getString("tokenType"));
    assertEquals(900, body.getInteger("expiresIn"));
    assertEquals(3, body.getString("accessToken").split("\\.").length);
    assertTrue(body.getString("refreshToken").length() >= 40);
    assertTrue(result.header("X-Request-Id") != null);
  }

  @Test
  void accessTokenIsAnEs256AtJwtWithSessionClaims() {
    var user = server.accounts().register("claims");
    String[] parts = user.accessToken().split("\\.");
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals("ES256", header.getString("alg"));
    assertEquals("at+jwt", header.getString("typ"));
    assertEquals(user.userId(), claims.getString("sub"));
    assertTrue(claims.getString("sid").startsWith("ses_"));
    assertEquals("coveton", claims.getString("iss"));
    assertEquals("coveton-api", claims.getString("aud"));
    assertEquals(900, claims.getLong("exp") - claims.getLong("iat"));
  }

  @Test
  void duplicateEmailIsConflictWhateverItsCase() {
    var user = server.accounts().register("dup");
    api.post("/v1/auth/register", new JsonObject().put("email", user.email().toUpperCase())
            .put("password", Accounts.PASSWORD).put("displayName", "Again").encode())
        .send().expectError(409, "CONFLICT");
  }

  @Test
  void invalidFieldsAreValidationErrorsNamingEachField() {
    JsonObject error = api.post("/v1/auth/register",
            new JsonObject().put("email", "not-an-email").put("password", "short").encode())
        .send().expectError(422, "VALIDATION");
    List<String> paths = error.getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("path")).sorted().toList();
    assertEquals(List.of("displayName", "email", "password"), paths);
    assertEquals("Request validation failed.", error.getString("message"));
  }

  @Test
  void overlongPasswordIsRejected() {
    api.post("/v1/auth/register", new JsonObject().put("email", Accounts.uniqueEmail("long"))
            .put("password", "x".repeat(129)).put("displayName", "L").encode())
        .send().expectError(422, "VALIDATION");
  }

  @Test
  void malformedJsonIsBadRequest() {
    api.post("/v1/auth/register", "{\"email\": ").send().expectError(400, "BAD_REQUEST");
    api.post("/v1/auth/login", "[1,2]").send().expectError(400, "BAD_REQUEST");
  }

  @Test
  void nonJsonContentTypeIsBadRequest() {
    api.post("/v1/auth/login", "{\"email\":\"a@b.cd\",\"password\":\"x\"}")
        .header("Content-Type", "text/plain").send().expectError(400, "BAD_REQUEST");
  }

  @Test
  void unknownRouteAndUnknownQueryParameterUseTheEnvelope() {
    api.get("/v1/nothing-here").send().expectError(404, "NOT_FOUND");
    var user = server.accounts().register("query");
    JsonObject error = api.get("/v1/auth/me?verbose=1").bearer(user.accessToken()).send()
        .expectError(400, "BAD_REQUEST");
    assertEquals("verbose", error.getJsonArray("details").getJsonObject(0).getString("path"));
  }

  @Test
  void loginWithWrongPasswordOrUnknownEmailIsTheSame401() {
    var user = server.accounts().register("login");
    var wrongPassword = api.post("/v1/auth/login",
        new JsonObject().put("email", user.email()).put("password", "wrong-password").encode()).send();
    var unknownEmail = api.post("/v1/auth/login",
        new JsonObject().put("email", Accounts.uniqueEmail("nobody")).put("password", "wrong-password").encode()).send();
    JsonObject a = wrongPassword.expectError(401, "UNAUTHORIZED");
    JsonObject b = unknownEmail.expectError(401, "UNAUTHORIZED");
    assertEquals(a, b);
  }

  @Test
  void loginOpensANewSessionWithItsOwnTokens() {
    var registered = server.accounts().register("second");
    var loggedIn = server.accounts().login(registered.email());
    assertNotEquals(registered.refreshToken(), loggedIn.refreshToken());
    JsonObject me = api.get("/v1/auth/me").bearer(loggedIn.accessToken()).send().expect(200).json();
    assertEquals(registered.userId(), me.getString("id"));
    assertEquals(registered.email(), me.getString("email"));
  }

  @Test
  void refreshRotatesAndReuseRevokesWholeSession() {
    var user = server.accounts().register("rotate");
    JsonObject first = refresh(user.refreshToken()).expect(200).json();
    String secondRefresh = first.getString("refreshToken");
    assertNotEquals(user.refreshToken(), secondRefresh);
    assertEquals(user.userId(), first.getJsonObject("user").getString("id"));
    api.get("/v1/auth/me").bearer(first.getString("accessToken")).send().expect(200);

    refresh(user.refreshToken()).expectError(401, "UNAUTHORIZED");

    // the replay revoked the family: the current refresh token and every access token of it are dead
    refresh(secondRefresh).expectError(401, "UNAUTHORIZED");
    api.get("/v1/auth/me").bearer(first.getString("accessToken")).send().expectError(401, "UNAUTHORIZED");
    api.get("/v1/auth/me").bearer(user.accessToken()).send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  void concurrentRefreshesWithOneTokenSucceedAtMostOnce() throws Exception {
    var user = server.accounts().register("race");
    List<Thread> threads = new java.util.ArrayList<>();
    List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> statuses.add(refresh(user.refreshToken()).status()));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(statuses.stream().filter(s -> s == 200).count() <= 1, statuses.toString());
    assertEquals(4, statuses.stream().filter(s -> s == 200 || s == 401).count(), statuses.toString());
  }

  @Test
  void logoutRevokesThePresentedSessionOnly() {
    var user = server.accounts().register("logout");
    var other = server.accounts().login(user.email());
    api.post("/v1/auth/logout", new JsonObject().put("refreshToken", user.refreshToken()).encode())
        .send().expect(204);
    api.get("/v1/auth/me").bearer(user.accessToken()).send().expectError(401, "UNAUTHORIZED");
    refresh(user.refreshToken()).expectError(401, "UNAUTHORIZED");
    api.get("/v1/auth/me").bearer(other.accessToken()).send().expect(200);
    api.post("/v1/auth/logout", new JsonObject().put("refreshToken", "rt_unknown").encode())
        .send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  void meWithoutOrWithBadTokenIsUnauthorized() {
    api.get("/v1/auth/me").send().expectError(401, "UNAUTHORIZED");
    api.get("/v1/auth/me").bearer("garbage").send().expectError(401, "UNAUTHORIZED");
    api.get("/v1/auth/me").header("Authorization", "Basic Zm9vOmJhcg==").send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  void refreshTokenIsNeverAcceptedAsAccessToken() {
    var user = server.accounts().register("kinds");
    api.get("/v1/auth/me").bearer(user.refreshToken()).send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  void tamperedOrUnsignedTokensAreRejected() {
    var user = server.accounts().register("tamper");
    String[] parts = user.accessToken().split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String otherPayload = b64.encodeToString(claims.copy().put("sub", "usr_someoneelse").encode().getBytes());
    api.get("/v1/auth/me").bearer(parts[0] + "." + otherPayload + "." + parts[2]).send()
        .expectError(401, "UNAUTHORIZED");

    String noneHeader = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
    api.get("/v1/auth/me").bearer(noneHeader + "." + parts[1] + ".").send().expectError(401, "UNAUTHORIZED");

    String hsHeader = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}".getBytes());
    api.get("/v1/auth/me").bearer(hsHeader + "." + parts[1] + "." + parts[2]).send().expectError(401, "UNAUTHORIZED");

    String plainJwtHeader = b64.encodeToString(new String(Base64.getUrlDecoder().decode(parts[0]))
        .replace("at+jwt", "JWT").getBytes());
    api.get("/v1/auth/me").bearer(plainJwtHeader + "." + parts[1] + "." + parts[2]).send()
        .expectError(401, "UNAUTHORIZED");
  }

  @Test
  void idempotentRegisterReplaysTheFirstResult() {
    String body = new JsonObject().put("email", Accounts.uniqueEmail("idem"))
        .put("password", Accounts.PASSWORD).put("displayName", "Idem").encode();
    var first = api.post("/v1/auth/register", body).header("Idempotency-Key", "key-register-1").send().expect(201);
    var replay = api.post("/v1/auth/register", body).header("Idempotency-Key", "key-register-1").send().expect(201);
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertNull(first.header("Idempotent-Replayed"));
    assertEquals(first.json(), replay.json());

    String otherBody = new JsonObject(body).put("displayName", "Changed").encode();
    JsonObject error = api.post("/v1/auth/register", otherBody).header("Idempotency-Key", "key-register-1").send()
        .expectError(422, "VALIDATION");
    assertEquals("Idempotency-Key", error.getJsonArray("details").getJsonObject(0).getString("path"));
  }

  @Test
  void searchRequiresAuthentication() {
    api.get("/v1/users/search?q=ada").send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  void errorsNeverCarryInternals() {
    var user = server.accounts().register("internals");
    JsonArray probes = new JsonArray()
        .add(api.post("/v1/auth/login", "{\"email\": {\"$ne\": 1}, \"password\": []}").send().body())
        .add(api.post("/v1/auth/register", "{\"email\": \"a'; DROP TABLE users;--@x.io\", \"password\": \"12345678\","
            + " \"displayName\": \"\\u0000\"}").send().body())
        .add(api.patch("/v1/users/me", "{\"preferences\": \"nope\", \"handle\": \"" + "x".repeat(500) + "\"}")
            .bearer(user.accessToken()).send().body());
    for (Object probe : probes) {
      String body = (String) probe;
      assertTrue(body.startsWith("{\"error\":"), body);
      assertFalse(body.contains("Exception") || body.contains("org.") || body.contains("io.vertx"), body);
    }
  }

  private io.coveton.server.testing.ApiResult refresh(String refreshToken) {
    return api.post("/v1/auth/refresh", new JsonObject().put("refreshToken", refreshToken).encode()).send();
  }
}
