package io.coveton.server.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DevicesApiTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());

  @Test
  void registerStoresKeysVerbatimAndListsThem() {
    var user = server.accounts().register("dev");
    String publicKey = Messaging.randomBase64(33) + "+/=";
    JsonObject bundle = new JsonObject().put("identityKey", "BQ+/x==").put("signedPreKey",
        new JsonObject().put("id", 7).put("signature", "c2ln")).put("oneTimePreKeys", new JsonArray().add("a").add("b"));
    JsonObject device = api.post("/v1/devices", new JsonObject().put("name", "Ada's phone").put("platform", "android")
            .put("publicKey", publicKey).put("keyBundle", bundle).encode())
        .bearer(user.accessToken()).send().expect(201).json();
    assertTrue(device.getString("id").startsWith("dev_"));
    assertEquals(publicKey, device.getString("publicKey"));
    assertEquals(bundle, device.getJsonObject("keyBundle"));
    assertEquals("android", device.getString("platform"));
    assertTrue(device.getString("createdAt").endsWith("Z"));

    JsonArray listed = api.get("/v1/devices").bearer(user.accessToken()).send().expect(200).array();
    assertEquals(1, listed.size());
    assertEquals(device, listed.getJsonObject(0));
  }

  @Test
  void registrationIsValidated() {
    var user = server.accounts().register("badDevice");
    JsonObject error = api.post("/v1/devices", new JsonObject().put("platform", "toaster").encode())
        .bearer(user.accessToken()).send().expectError(422, "VALIDATION");
    assertEquals(3, error.getJsonArray("details").size());
    assertEquals(0, api.get("/v1/devices").bearer(user.accessToken()).send().expect(200).array().size());
  }

  @Test
  void otherUsersActiveDevicesAreVisibleForSealing() {
    var alice = server.accounts().register("alice");
    var bob = server.accounts().register("bob");
    String kept = messaging.registerDevice(bob, "laptop");
    String removed = messaging.registerDevice(bob, "old phone");
    api.delete("/v1/devices/" + removed).bearer(bob.accessToken()).send().expect(204);

    JsonArray visible = api.get("/v1/users/" + bob.userId() + "/devices").bearer(alice.accessToken()).send()
        .expect(200).array();
    assertEquals(1, visible.size());
    assertEquals(kept, visible.getJsonObject(0).getString("id"));
    assertTrue(visible.getJsonObject(0).containsKey("publicKey"));
    assertFalse(visible.getJsonObject(0).containsKey("name"), "device names stay private");

    api.get("/v1/users/usr_00000000000000000000000000/devices").bearer(alice.accessToken()).send()
        .expectError(404, "NOT_FOUND");
  }

  @Test
  void deletingRevokesAndIsOnlyForTheOwner() {
    var owner = server.accounts().register("owner");
    var other = server.accounts().register("other");
    String device = messaging.registerDevice(owner, "tablet");
    api.delete("/v1/devices/" + device).bearer(other.accessToken()).send().expectError(404, "NOT_FOUND");
    assertEquals(1, api.get("/v1/devices").bearer(owner.accessToken()).send().array().size());
    api.delete("/v1/devices/" + device).bearer(owner.accessToken()).send().expect(204);
    assertEquals(0, api.get("/v1/devices").bearer(owner.accessToken()).send().array().size());
    api.delete("/v1/devices/" + device).bearer(owner.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void actingAsSomeoneElsesOrARevokedDeviceIsForbidden() {
    var owner = server.accounts().register("actor");
    var thief = server.accounts().register("thief");
    String device = messaging.registerDevice(owner, "phone");
    api.get("/v1/auth/me").bearer(owner.accessToken()).header("X-Device-Id", device).send().expect(200);
    api.get("/v1/chats").bearer(thief.accessToken()).header("X-Device-Id", device).send()
        .expectError(403, "FORBIDDEN");
    api.get("/v1/chats").bearer(owner.accessToken()).header("X-Device-Id", "dev_nonsense").send()
        .expectError(403, "FORBIDDEN");
    api.delete("/v1/devices/" + device).bearer(owner.accessToken()).send().expect(204);
    api.get("/v1/chats").bearer(owner.accessToken()).header("X-Device-Id", device).send()
        .expectError(403, "FORBIDDEN");
  }
}
