package io.coveton.server.testing;

import io.coveton.server.testing.Accounts.SignedIn;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** Devices, chats and messages through the public API, for tests that need them as a backdrop. */
public final class Messaging {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ApiClient api;

  public Messaging(ApiClient api) {
    this.api = api;
  }

  public String registerDevice(SignedIn user, String name) {
    return api.post("/v1/devices", new JsonObject().put("name", name).put("platform", "ios")
            .put("publicKey", randomBase64(32)).encode())
        .bearer(user.accessToken()).send().expect(201).json().getString("id");
  }

  public String direct(SignedIn caller, SignedIn other) {
    return api.post("/v1/chats", new JsonObject().put("type", "direct")
            .put("participantIds", new JsonArray().add(other.userId())).encode())
        .bearer(caller.accessToken()).send().json().getString("id");
  }

  public String group(SignedIn caller, String name, Collection<String> userIds) {
    return api.post("/v1/chats", new JsonObject().put("type", "group").put("name", name)
            .put("participantIds", new JsonArray(List.copyOf(userIds))).encode())
        .bearer(caller.accessToken()).send().expect(201).json().getString("id");
  }

  /** A send body with one envelope (header "sealed-for-<device>") per device. */
  public static JsonObject message(String chatId, String ciphertext, Collection<String> deviceIds) {
    JsonArray envelopes = new JsonArray();
    deviceIds.forEach(d -> envelopes.add(new JsonObject().put("deviceId", d).put("header", "sealed-for-" + d)));
    return new JsonObject().put("chatId", chatId).put("contentType", "text/plain").put("ciphertext", ciphertext)
        .put("envelopes", envelopes);
  }

  public ApiResult send(SignedIn sender, JsonObject body) {
    return api.post("/v1/messages", body.encode()).bearer(sender.accessToken()).send();
  }

  public static String randomBase64(int bytes) {
    byte[] data = new byte[bytes];
    RANDOM.nextBytes(data);
    return Base64.getEncoder().encodeToString(data);
  }
}
