package io.coveton.server.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UsersApiTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();

  @Test
  void usersMeAnswersTheUserObjectItself() {
    var user = server.accounts().register("me");
    JsonObject me = api.get("/v1/users/me").bearer(user.accessToken()).send().expect(200).json();
    assertEquals(user.userId(), me.getString("id"));
    assertEquals(user.email(), me.getString("email"));
    assertEquals(new JsonObject(), me.getJsonObject("preferences"));
    assertFalse(me.containsKey("user"));
  }

  @Test
  void patchUpdatesOnlyTheGivenFieldsAndIgnoresForbiddenOnes() {
    var user = server.accounts().register("patch");
    JsonObject updated = api.patch("/v1/users/me", new JsonObject()
            .put("displayName", "Grace Hopper")
            .put("avatar", "https://cdn.example.com/grace.png")
            .put("preferences", new JsonObject().put("theme", "dark"))
            .put("email", "attacker@example.com")
            .put("id", "usr_hijack").encode())
        .bearer(user.accessToken()).send().expect(200).json();
    assertEquals("Grace Hopper", updated.getString("displayName"));
    assertEquals("https://cdn.example.com/grace.png", updated.getString("avatarUrl"));
    assertEquals("dark", updated.getJsonObject("preferences").getString("theme"));
    assertEquals(user.email(), updated.getString("email"));
    assertEquals(user.userId(), updated.getString("id"));

    JsonObject again = api.patch("/v1/users/me", new JsonObject().put("handle", "grace_h").encode())
        .bearer(user.accessToken()).send().expect(200).json();
    assertEquals("Grace Hopper", again.getString("displayName"));
    assertEquals("grace_h", again.getString("handle"));

    JsonObject cleared = api.patch("/v1/users/me", new JsonObject().putNull("avatarUrl").encode())
        .bearer(user.accessToken()).send().expect(200).json();
    assertNull(cleared.getString("avatarUrl"));
  }

  @Test
  void patchValidatesEveryField() {
    var user = server.accounts().register("invalid");
    JsonObject error = api.patch("/v1/users/me", new JsonObject()
            .put("displayName", "")
            .put("avatarUrl", "javascript:alert(1)")
            .put("handle", "No Spaces!")
            .put("preferences", "not-an-object").encode())
        .bearer(user.accessToken()).send().expectError(422, "VALIDATION");
    Set<String> paths = new HashSet<>();
    error.getJsonArray("details").forEach(d -> paths.add(((JsonObject) d).getString("path")));
    assertEquals(Set.of("displayName", "avatarUrl", "handle", "preferences"), paths);
    JsonObject unchanged = api.get("/v1/users/me").bearer(user.accessToken()).send().expect(200).json();
    assertEquals("invalid", unchanged.getString("displayName"));
  }

  @Test
  void takenHandleIsConflict() {
    var first = server.accounts().register("h1");
    var second = server.accounts().register("h2");
    String handle = "taken" + (System.nanoTime() % 100000);
    api.patch("/v1/users/me", new JsonObject().put("handle", handle).encode()).bearer(first.accessToken())
        .send().expect(200);
    api.patch("/v1/users/me", new JsonObject().put("handle", handle).encode()).bearer(second.accessToken())
        .send().expectError(409, "CONFLICT");
  }

  @Test
  void searchByHandlePrefixShowsPublicFieldsOnly() {
    var searcher = server.accounts().register("searcher");
    var target = server.accounts().register("target");
    String handle = "zeta" + (System.nanoTime() % 1000000);
    api.patch("/v1/users/me", new JsonObject().put("handle", handle).encode()).bearer(target.accessToken())
        .send().expect(200);
    JsonArray found = api.get("/v1/users/search?q=" + handle.substring(0, 6)).bearer(searcher.accessToken())
        .send().expect(200).array();
    JsonObject hit = found.stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(target.userId()))
        .findFirst().orElseThrow();
    assertEquals(handle, hit.getString("handle"));
    assertFalse(hit.containsKey("email"), "email must not leak through a handle search");
    assertFalse(hit.containsKey("preferences"));
  }

  @Test
  void searchByExactEmailRevealsThatEmailOnly() {
    var searcher = server.accounts().register("finder");
    var target = server.accounts().register("exact");
    JsonArray found = api.get("/v1/users/search?q=" + target.email().toUpperCase()).bearer(searcher.accessToken())
        .send().expect(200).array();
    assertEquals(1, found.size());
    assertEquals(target.userId(), found.getJsonObject(0).getString("id"));
    assertEquals(target.email(), found.getJsonObject(0).getString("email"));

    JsonArray partial = api.get("/v1/users/search?q=" + target.email().substring(0, 8))
        .bearer(searcher.accessToken()).send().expect(200).array();
    assertTrue(partial.stream().noneMatch(o -> ((JsonObject) o).getString("id").equals(target.userId())));
  }

  @Test
  void searchLikeWildcardsAreLiteral() {
    var searcher = server.accounts().register("wild");
    JsonArray found = api.get("/v1/users/search?q=%25").bearer(searcher.accessToken()).send().expect(200).array();
    assertEquals(0, found.size());
  }

  @Test
  void searchValidatesItsParameters() {
    var user = server.accounts().register("params");
    api.get("/v1/users/search").bearer(user.accessToken()).send().expectError(400, "BAD_REQUEST");
    for (String limit : List.of("0", "101", "abc")) {
      JsonObject error = api.get("/v1/users/search?q=ab&limit=" + limit).bearer(user.accessToken()).send()
          .expectError(400, "BAD_REQUEST");
      assertEquals("limit", error.getJsonArray("details").getJsonObject(0).getString("path"));
    }
    api.get("/v1/users/search?q=ab&before=ses_x").bearer(user.accessToken()).send().expectError(400, "BAD_REQUEST");
    api.get("/v1/users/search?q=ab&sort=name").bearer(user.accessToken()).send().expectError(400, "BAD_REQUEST");
  }

  @Test
  void searchPagesWithoutGapsOrDuplicates() {
    var searcher = server.accounts().register("pager");
    String prefix = "pg" + (System.nanoTime() % 100000) + "_";
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      var user = server.accounts().register("pagee");
      api.patch("/v1/users/me", new JsonObject().put("handle", prefix + i).encode()).bearer(user.accessToken())
          .send().expect(200);
      created.add(user.userId());
    }
    Set<String> seen = new HashSet<>();
    String before = null;
    int pages = 0;
    while (true) {
      String url = "/v1/users/search?q=" + prefix + "&limit=3" + (before == null ? "" : "&before=" + before);
      JsonArray page = api.get(url).bearer(searcher.accessToken()).send().expect(200).array();
      pages++;
      for (Object o : page) {
        assertTrue(seen.add(((JsonObject) o).getString("id")), "duplicate across pages");
      }
      if (page.size() < 3) {
        break;
      }
      before = page.getJsonObject(page.size() - 1).getString("id");
    }
    assertEquals(created, seen);
    assertEquals(3, pages);
  }
}
