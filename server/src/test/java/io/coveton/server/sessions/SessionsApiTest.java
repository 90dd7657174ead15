package io.coveton.server.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionsApiTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();

  @Test
  void listShowsEverySessionAndMarksTheCurrentOne() {
    var first = server.accounts().register("list");
    api.post("/v1/auth/login", new JsonObject().put("email", first.email())
        .put("password", "a-strong-passphrase").encode()).header("User-Agent", "CovetonTest/2.0").send().expect(200);
    JsonArray sessions = api.get("/v1/sessions").bearer(first.accessToken()).send().expect(200).array();
    assertEquals(2, sessions.size());
    long current = sessions.stream().filter(s -> ((JsonObject) s).getBoolean("current")).count();
    assertEquals(1, current);
    JsonObject newest = sessions.getJsonObject(0);
    assertTrue(newest.getString("id").startsWith("ses_"));
    assertEquals("CovetonTest/2.0", newest.getString("userAgent"));
    assertEquals("127.0.0.1", newest.getString("ip"));
    assertFalse(newest.getBoolean("current"));
    for (String field : new String[] {"createdAt", "lastSeenAt"}) {
      assertTrue(newest.getString(field).endsWith("Z"));
    }
    assertTrue(newest.containsKey("location"));
  }

  @Test
  void revokingASessionKillsItsTokensAtOnce() {
    var user = server.accounts().register("revoke");
    var other = server.accounts().login(user.email());
    String otherSessionId = sessionIdOf(other.accessToken());
    api.get("/v1/auth/me").bearer(other.accessToken()).send().expect(200); // the node now remembers the session
    api.delete("/v1/sessions/" + otherSessionId).bearer(user.accessToken()).send().expect(204);
    api.get("/v1/auth/me").bearer(other.accessToken()).send().expectError(401, "UNAUTHORIZED");
    api.post("/v1/auth/refresh", new JsonObject().put("refreshToken", other.refreshToken()).encode())
        .send().expectError(401, "UNAUTHORIZED");
    api.get("/v1/auth/me").bearer(user.accessToken()).send().expect(200);
    JsonArray remaining = api.get("/v1/sessions").bearer(user.accessToken()).send().expect(200).array();
    assertEquals(1, remaining.size());
    api.delete("/v1/sessions/" + otherSessionId).bearer(user.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void anotherUsersSessionIsNotFoundAndUntouched() {
    var alice = server.accounts().register("alice");
    var mallory = server.accounts().register("mallory");
    api.delete("/v1/sessions/" + sessionIdOf(alice.accessToken())).bearer(mallory.accessToken()).send()
        .expectError(404, "NOT_FOUND");
    api.get("/v1/auth/me").bearer(alice.accessToken()).send().expect(200);
    api.delete("/v1/sessions/not-an-id").bearer(mallory.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void sessionsPaginate() {
    var user = server.accounts().register("paged");
    for (int i = 0; i < 3; i++) {
      server.accounts().login(user.email());
    }
    JsonArray page = api.get("/v1/sessions?limit=2").bearer(user.accessToken()).send().expect(200).array();
    assertEquals(2, page.size());
    JsonArray rest = api.get("/v1/sessions?limit=2&before=" + page.getJsonObject(1).getString("id"))
        .bearer(user.accessToken()).send().expect(200).array();
    assertEquals(2, rest.size());
    api.get("/v1/sessions?limit=500").bearer(user.accessToken()).send().expectError(400, "BAD_REQUEST");
  }

  static String sessionIdOf(String accessToken) {
    String payload = accessToken.split("\\.")[1];
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload))).getString("sid");
  }
}
