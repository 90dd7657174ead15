package io.coveton.server.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.NodeProcess;
import io.coveton.server.testing.TestDatabases;
import io.coveton.shared.crypto.KeyRing;
import io.coveton.shared.persistence.DatabaseLocation;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rotating the key-encryption key as the README tells operators to: add the new key first, restart. */
class KeyRotationTest {
  private static DatabaseLocation database;

  @BeforeAll
  static void database() {
    database = TestDatabases.create();
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(database);
  }

  @Test
  void tokensIssuedBeforeARotationStayValidAndTheOldKeyCanThenBeRemoved() {
    String oldKey = KeyRing.newKey("old");
    String newKey = KeyRing.newKey("new");
    String accessToken;
    try (NodeProcess before = node("before", oldKey)) {
      before.awaitReady(1);
      accessToken = before.api().post("/v1/auth/register", new JsonObject().put("email", Accounts.uniqueEmail("rot"))
          .put("password", Accounts.PASSWORD).put("displayName", "Rotated").encode()).send().expect(201).json()
          .getString("accessToken");
    }
    try (NodeProcess rotated = node("rotated", newKey + "," + oldKey)) {
      rotated.awaitReady(1);
      rotated.api().get("/v1/auth/me").bearer(accessToken).send().expect(200);
    }
    try (NodeProcess withoutOld = node("without-old", newKey)) {
      withoutOld.awaitReady(1);
      withoutOld.api().get("/v1/auth/me").bearer(accessToken).send().expect(200);
    }
    NodeProcess wrongKey = node("wrong-key", oldKey);
    await().atMost(Duration.ofSeconds(60)).until(() -> !wrongKey.isAlive());
    assertTrue(wrongKey.logText().contains("'new'"), "names the key it needs: " + wrongKey.logText());
    assertEquals(false, wrongKey.isAlive());
    wrongKey.close();
  }

  private static NodeProcess node(String name, String keys) {
    return NodeProcess.start(name, database, Map.of("COVETON_KEY_ENCRYPTION_KEYS", keys));
  }
}
