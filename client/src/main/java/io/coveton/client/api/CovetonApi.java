package io.coveton.client.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveton.client.api.Models.Chat;
import io.coveton.client.api.Models.Device;
import io.coveton.client.api.Models.Message;
import io.coveton.client.api.Models.PreKeyBundle;
import io.coveton.client.api.Models.PreKeyCounts;
import io.coveton.client.api.Models.PublicUser;
import io.coveton.client.api.Models.SignedIn;
import io.coveton.client.api.Models.User;
import io.coveton.client.http.RestTransport;
import io.coveton.client.http.RestTransport.Call;
import io.coveton.client.http.Tokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Typed calls of the REST API for accounts, devices, the key directory, chats and messages. Every
 * call signs in with the client's tokens (refreshing them when they expire); creating calls carry
 * an Idempotency-Key that their retries reuse.
 */
public final class CovetonApi {
  private final RestTransport transport;
  private final ObjectMapper json;

  public CovetonApi(RestTransport transport) {
    this.transport = transport;
    this.json = transport.json();
  }

  public RestTransport transport() {
    return transport;
  }

  // accounts

  /** Creates an account and signs this client in as it. */
  public SignedIn register(String email, String password, String displayName) {
    ObjectNode body = json.createObjectNode().put("email", email).put("password", password).put("displayName", displayName);
    return signedIn(transport.send(Call.post("/v1/auth/register", body).anonymous().creating()));
  }

  public SignedIn login(String email, String password) {
    ObjectNode body = json.createObjectNode().put("email", email).put("password", password);
    return signedIn(transport.send(Call.post("/v1/auth/login", body).anonymous()));
  }

  public void logout() {
    Tokens.Pair pair = transport.tokens().pair();
    transport.send(Call.post("/v1/auth/logout", json.createObjectNode().put("refreshToken", pair.refreshToken())).anonymous());
  }

  public User me() {
    return read(transport.send(Call.get("/v1/auth/me")), User.class);
  }

  public List<PublicUser> searchUsers(String query) {
    return list(transport.send(Call.get("/v1/users/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))),
        new TypeReference<>() {});
  }

  // devices and keys

  public Device registerDevice(String name, String platform, String publicKey) {
    ObjectNode body = json.createObjectNode().put("name", name).put("platform", platform).put("publicKey", publicKey);
    return read(transport.send(Call.post("/v1/devices", body).creating()), Device.class);
  }

  public List<Device> devices() {
    return list(transport.send(Call.get("/v1/devices?limit=100")), new TypeReference<>() {});
  }

  public void revokeDevice(String deviceId) {
    transport.send(Call.delete("/v1/devices/" + deviceId));
  }

  public PreKeyCounts uploadKeys(String deviceId, JsonNode upload) {
    return read(transport.send(Call.put("/v1/devices/" + deviceId + "/keys", upload)), PreKeyCounts.class);
  }

  public PreKeyCounts keyCounts(String deviceId) {
    return read(transport.send(Call.get("/v1/devices/" + deviceId + "/keys/count")), PreKeyCounts.class);
  }

  public PreKeyBundle preKeyBundle(String userId, String deviceId) {
    return read(transport.send(Call.get("/v1/users/" + userId + "/devices/" + deviceId + "/prekey-bundle")),
        PreKeyBundle.class);
  }

  public List<PreKeyBundle> preKeyBundles(String userId) {
    return list(transport.send(Call.get("/v1/users/" + userId + "/prekey-bundles")), new TypeReference<>() {});
  }

  // chats and messages

  public Chat createDirectChat(String otherUserId) {
    ObjectNode body = json.createObjectNode().put("type", "direct");
    body.putArray("participantIds").add(otherUserId);
    return read(transport.send(Call.post("/v1/chats", body).creating()), Chat.class);
  }

  public Chat createGroupChat(String name, List<String> userIds) {
    ObjectNode body = json.createObjectNode().put("type", "group").put("name", name);
    ArrayNode ids = body.putArray("participantIds");
    userIds.forEach(ids::add);
    return read(transport.send(Call.post("/v1/chats", body).creating()), Chat.class);
  }

  public Chat chat(String chatId) {
    return read(transport.send(Call.get("/v1/chats/" + chatId)), Chat.class);
  }

  public List<Chat> chats() {
    return list(transport.send(Call.get("/v1/chats?limit=100")), new TypeReference<>() {});
  }

  /** Sends a message from {@code deviceId}: a ciphertext and one envelope per recipient device. */
  public Message sendMessage(String deviceId, String chatId, String contentType, String ciphertext,
      List<Models.Envelope> envelopes) {
    ObjectNode body = json.createObjectNode().put("chatId", chatId).put("contentType", contentType)
        .put("ciphertext", ciphertext);
    ArrayNode list = body.putArray("envelopes");
    envelopes.forEach(e -> list.addObject().put("deviceId", e.deviceId()).put("header", e.header()));
    return read(transport.send(Call.post("/v1/messages", body).creating().header("X-Device-Id", deviceId)), Message.class);
  }

  /** History as {@code deviceId} sees it (each message with that device's envelope), newest first. */
  public List<Message> history(String deviceId, String chatId, int limit, String before) {
    String query = "?limit=" + limit + (before == null ? "" : "&before=" + before);
    return list(transport.send(Call.get("/v1/chats/" + chatId + "/messages" + query).header("X-Device-Id", deviceId)),
        new TypeReference<>() {});
  }

  private SignedIn signedIn(JsonNode answer) {
    SignedIn signedIn = read(answer, SignedIn.class);
    transport.tokens().set(new Tokens.Pair(signedIn.accessToken(), signedIn.refreshToken()));
    return signedIn;
  }

  private <T> T read(JsonNode node, Class<T> type) {
    return json.convertValue(node, type);
  }

  private <T> T list(JsonNode node, TypeReference<T> type) {
    return json.convertValue(node, type);
  }
}
