package io.coveton.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.BrokenIdempotencyCompletion;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.RelayClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RelayProtocolTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());
  private SignedIn ada;
  private SignedIn bob;
  private String adaDevice;
  private String bobDevice;
  private String chat;

  @BeforeEach
  void twoUsersInADirectChat() {
    ada = server.accounts().register("ada");
    bob = server.accounts().register("bob");
    adaDevice = messaging.registerDevice(ada, "phone");
    bobDevice = messaging.registerDevice(bob, "phone");
    chat = messaging.direct(ada, bob);
  }

  @Test
  void readyThenSyncedThenLiveEnvelopesWithTheDevicesOwnHeader() {
    try (RelayClient bobLive = RelayClient.open(server.relayUrl(), bob.accessToken(), bobDevice)) {
      JsonObject ready = bobLive.expect("ready");
      assertEquals(bobDevice, ready.getString("deviceId"));
      assertTrue(ready.getString("connectionId").length() > 5);
      assertTrue(ready.getInteger("heartbeatSeconds") > 0);
      assertTrue(ready.containsKey("node"));
      bobLive.awaitType("synced", Duration.ofSeconds(10));

      JsonObject body = Messaging.message(chat, "Y2lwaGVy+/=", List.of(bobDevice));
      body.getJsonArray("envelopes").getJsonObject(0).put("header", "SEALED+/=\u00fc");
      String id = api.post("/v1/messages", body.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaDevice)
          .send().expect(201).json().getString("id");

      JsonObject envelope = bobLive.expect("envelope");
      assertEquals("message.created", envelope.getString("event"));
      JsonObject message = envelope.getJsonObject("message");
      assertEquals(id, message.getString("id"));
      assertEquals(chat, message.getString("chatId"));
      assertEquals(ada.userId(), message.getString("senderUserId"));
      assertEquals(adaDevice, message.getString("senderDeviceId"));
      assertEquals("Y2lwaGVy+/=", message.getString("ciphertext"));
      assertEquals("SEALED+/=\u00fc", message.getString("header"));
      assertTrue(message.getString("createdAt").endsWith("Z"));
      assertNull(message.getString("editedAt"));
    }
  }

  @Test
  void backlogIsReplayedOldestFirstUntilAcknowledged() {
    List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(sendAsAda("b2xk" + i));
    }
    try (RelayClient first = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      assertEquals(sent, ids(first.envelopesUntilSynced()));
    }
    try (RelayClient second = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      List<JsonObject> again = second.envelopesUntilSynced();
      assertEquals(sent, ids(again), "unacknowledged envelopes come again");
      second.ack(sent.get(0), sent.get(1));
      second.send(new JsonObject().put("type", "ping"));
      second.awaitType("pong", Duration.ofSeconds(5));
    }
    try (RelayClient third = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      assertEquals(List.of(sent.get(2)), ids(third.envelopesUntilSynced()), "acknowledged ones never again");
      third.ack(sent.get(2));
      third.send(new JsonObject().put("type", "ping"));
      third.awaitType("pong", Duration.ofSeconds(5));
    }
    try (RelayClient fourth = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      assertEquals(List.of(), fourth.envelopesUntilSynced());
    }
  }

  @Test
  void anUnacknowledgingDeviceGetsABoundedWindowUntilItAcks() {
    List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      sent.add(sendAsAda("d2luZG93" + i));
    }
    try (RelayClient live = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      List<String> received = new java.util.ArrayList<>();
      for (int i = 0; i < 256; i++) {
        received.add(live.awaitType("envelope", Duration.ofSeconds(10)).getJsonObject("message").getString("id"));
      }
      assertEquals(sent.subList(0, 256), received, "oldest first");
      live.expectSilence(Duration.ofMillis(500));
      live.ack(received.subList(0, 100).toArray(new String[0]));
      for (int i = 0; i < 44; i++) {
        received.add(live.awaitType("envelope", Duration.ofSeconds(10)).getJsonObject("message").getString("id"));
      }
      live.awaitType("synced", Duration.ofSeconds(10));
      assertEquals(sent, received);
    }
  }

  @Test
  void sendOverTheSocketIsStoredThenAnsweredAndDelivered() {
    try (RelayClient adaLive = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice);
         RelayClient bobLive = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      adaLive.awaitType("synced", Duration.ofSeconds(10));
      bobLive.awaitType("synced", Duration.ofSeconds(10));
      adaLive.send(new JsonObject().put("type", "send").put("requestId", "r-1")
          .put("message", Messaging.message(chat, "b3ZlciB3cw==", List.of(bobDevice))));
      JsonObject sent = adaLive.awaitType("sent", Duration.ofSeconds(5));
      assertEquals("r-1", sent.getString("requestId"));
      String id = sent.getJsonObject("message").getString("id");
      assertTrue(id.startsWith("msg_"));
      assertTrue(sent.getJsonObject("message").getString("createdAt").endsWith("Z"));
      assertEquals(id, bobLive.awaitType("envelope", Duration.ofSeconds(5)).getJsonObject("message").getString("id"));

      adaLive.send(new JsonObject().put("type", "send").put("requestId", "r-2")
          .put("message", Messaging.message(chat, "d3Jvbmc=", List.of(adaDevice))));
      JsonObject error = adaLive.awaitType("error", Duration.ofSeconds(5));
      assertEquals("r-2", error.getString("requestId"));
      assertEquals("CONFLICT", error.getJsonObject("error").getString("code"));
      assertEquals(List.of(bobDevice), error.getJsonObject("error").getJsonArray("missingDeviceIds").getList());
      assertEquals(List.of(adaDevice), error.getJsonObject("error").getJsonArray("extraDeviceIds").getList());

      adaLive.send(new JsonObject().put("type", "send").put("requestId", "r-3").put("message", new JsonObject()));
      JsonObject invalid = adaLive.awaitType("error", Duration.ofSeconds(5));
      assertEquals("VALIDATION", invalid.getJsonObject("error").getString("code"));
      JsonArray history = api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array();
      assertEquals(1, history.size());
    }
  }

  @Test
  void idempotentSendOverTheSocketStoresOnce() {
    try (RelayClient adaLive = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      adaLive.awaitType("synced", Duration.ofSeconds(10));
      JsonObject frame = new JsonObject().put("type", "send").put("requestId", "a").put("idempotencyKey", "k-1")
          .put("message", Messaging.message(chat, "b25jZQ==", List.of(bobDevice)));
      adaLive.send(frame);
      String first = adaLive.awaitType("sent", Duration.ofSeconds(5)).getJsonObject("message").getString("id");
      adaLive.send(frame.copy().put("requestId", "b"));
      JsonObject replay = adaLive.awaitType("sent", Duration.ofSeconds(5));
      assertEquals("b", replay.getString("requestId"));
      assertEquals(first, replay.getJsonObject("message").getString("id"));
      assertEquals(1, api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().size());
    }
  }

  @Test
  void idempotentSendWhoseResultWasNotRecordedIsStoredOnceOverBothRetries() {
    try (RelayClient adaLive = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      adaLive.awaitType("synced", Duration.ofSeconds(10));
      JsonObject frame = new JsonObject().put("type", "send").put("requestId", "a").put("idempotencyKey", "break-relay")
          .put("message", Messaging.message(chat, "dHdpY2U=", List.of(bobDevice)));
      String first;
      try (var broken = BrokenIdempotencyCompletion.install(server.database())) {
        adaLive.send(frame);
        first = adaLive.awaitType("sent", Duration.ofSeconds(5)).getJsonObject("message").getString("id");
        adaLive.send(frame.copy().put("requestId", "b"));
        assertEquals(first, adaLive.awaitType("sent", Duration.ofSeconds(5)).getJsonObject("message").getString("id"));
      }
      adaLive.send(frame.copy().put("requestId", "c"));
      assertEquals(first, adaLive.awaitType("sent", Duration.ofSeconds(5)).getJsonObject("message").getString("id"));
      adaLive.send(frame.copy().put("requestId", "d"));
      assertEquals(first, adaLive.awaitType("sent", Duration.ofSeconds(5)).getJsonObject("message").getString("id"));
      long copies = api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().stream()
          .filter(m -> ((JsonObject) m).getString("ciphertext").equals("dHdpY2U=")).count();
      assertEquals(1, copies);
      // another message under the same key is refused, as over REST
      adaLive.send(frame.copy().put("requestId", "e").put("message", Messaging.message(chat, "b3RoZXI=",
          List.of(bobDevice))));
      JsonObject refused = adaLive.awaitType("error", Duration.ofSeconds(5));
      assertEquals("e", refused.getString("requestId"));
      assertEquals("VALIDATION", refused.getJsonObject("error").getString("code"));
    }
  }

  @Test
  void refusedIdempotentSendIsReplayedAsTheSameError() {
    String bobTablet = messaging.registerDevice(bob, "tablet");
    try (RelayClient adaLive = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      adaLive.awaitType("synced", Duration.ofSeconds(10));
      JsonObject frame = new JsonObject().put("type", "send").put("requestId", "a").put("idempotencyKey", "k-missing")
          .put("message", Messaging.message(chat, "bm9ib2R5", List.of(bobDevice)));
      adaLive.send(frame);
      JsonObject refused = adaLive.awaitType("error", Duration.ofSeconds(5));
      assertEquals("CONFLICT", refused.getJsonObject("error").getString("code"), refused::encode);
      // run again now, the same message would be stored: the answer must be the recorded refusal
      api.delete("/v1/devices/" + bobTablet).bearer(bob.accessToken()).send().expect(204);
      adaLive.send(frame.copy().put("requestId", "b"));
      JsonObject replayed = adaLive.awaitType("error", Duration.ofSeconds(5));
      assertEquals("b", replayed.getString("requestId"));
      assertEquals(refused.getJsonObject("error"), replayed.getJsonObject("error"));
      assertEquals(0, api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().size());
    }
  }

  @Test
  void headerOrFirstFrameAuthenticationAndItsFailures() {
    try (RelayClient bad = RelayClient.open(server.relayUrl(), "not-a-token", bobDevice)) {
      assertEquals(4401, bad.awaitClose());
    }
    try (RelayClient notMine = RelayClient.open(server.relayUrl(), ada.accessToken(), bobDevice)) {
      assertEquals(4401, notMine.awaitClose());
    }
    try (RelayClient firstFrame = RelayClient.open(server.relayUrl(), null, null)) {
      firstFrame.send(new JsonObject().put("type", "auth").put("accessToken", bob.accessToken())
          .put("deviceId", bobDevice));
      assertEquals(bobDevice, firstFrame.expect("ready").getString("deviceId"));
      firstFrame.awaitType("synced", Duration.ofSeconds(10));
    }
    try (RelayClient pingFirst = RelayClient.open(server.relayUrl(), null, null)) {
      pingFirst.send(new JsonObject().put("type", "ping"));
      assertEquals(4401, pingFirst.awaitClose());
    }
  }

  @Test
  void aNewerConnectionReplacesTheOlder() {
    try (RelayClient older = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice);
         RelayClient newer = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      assertEquals(4409, older.awaitClose());
      newer.awaitType("synced", Duration.ofSeconds(10));
      String id = sendAsAda("bmV3ZXI=");
      assertEquals(id, newer.awaitType("envelope", Duration.ofSeconds(5)).getJsonObject("message").getString("id"));
    }
  }

  @Test
  void deletingTheDeviceClosesItsConnection() {
    try (RelayClient live = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      api.delete("/v1/devices/" + bobDevice).bearer(bob.accessToken()).send().expect(204);
      assertEquals(4403, live.awaitClose());
    }
    try (RelayClient again = RelayClient.open(server.relayUrl(), bob.accessToken(), bobDevice)) {
      assertEquals(4401, again.awaitClose());
    }
  }

  @Test
  void revokingTheSessionClosesItsConnections() {
    SignedIn otherLogin = server.accounts().login(bob.email());
    try (RelayClient live = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      String sid = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(
          bob.accessToken().split("\\.")[1]))).getString("sid");
      api.delete("/v1/sessions/" + sid).bearer(otherLogin.accessToken()).send().expect(204);
      assertEquals(4403, live.awaitClose());
    }
  }

  @Test
  void refreshTokenReuseClosesTheConnectionsOfThatSession() {
    try (RelayClient live = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      String body = new JsonObject().put("refreshToken", bob.refreshToken()).encode();
      api.post("/v1/auth/refresh", body).send().expect(200);
      api.post("/v1/auth/refresh", body).send().expectError(401, "UNAUTHORIZED");
      assertEquals(4403, live.awaitClose());
    }
  }

  @Test
  void malformedAndUnknownFramesClose1008() {
    try (RelayClient live = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      live.sendText("{not json", true);
      assertEquals(1008, live.awaitClose());
    }
    try (RelayClient live = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      live.send(new JsonObject().put("type", "teleport"));
      assertEquals(1008, live.awaitClose());
    }
  }

  @Test
  void fragmentedFramesAreReassembled() {
    try (RelayClient live = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      live.sendText("{\"type\":", false).sendText("\"ping\"}", true);
      live.expect("pong");
    }
  }

  @Test
  void typingReachesTheOtherParticipantAndIsNeverStored() {
    try (RelayClient adaLive = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice);
         RelayClient bobLive = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      adaLive.awaitType("synced", Duration.ofSeconds(10));
      bobLive.awaitType("synced", Duration.ofSeconds(10));
      adaLive.send(new JsonObject().put("type", "typing").put("chatId", chat));
      JsonObject typing = awaitEvent(bobLive, "typing");
      assertEquals(ada.userId(), typing.getJsonObject("data").getString("userId"));
      assertEquals(chat, typing.getJsonObject("data").getString("chatId"));
      assertEquals(0, api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().size());
    }
  }

  @Test
  void typingInAnUnknownChatIsNotFoundAndOnlyAMalformedChatIdIsInvalid() {
    try (RelayClient adaLive = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      adaLive.awaitType("synced", Duration.ofSeconds(10));
      adaLive.send(new JsonObject().put("type", "typing").put("chatId", "room-42"));
      assertEquals("NOT_FOUND", adaLive.awaitType("error", Duration.ofSeconds(5)).getJsonObject("error").getString("code"));
      adaLive.send(new JsonObject().put("type", "typing").put("chatId", 42));
      assertEquals("VALIDATION", adaLive.awaitType("error", Duration.ofSeconds(5)).getJsonObject("error").getString("code"));
    }
  }

  @Test
  void presenceOnlineAndOfflineReachContacts() {
    try (RelayClient adaLive = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      adaLive.awaitType("synced", Duration.ofSeconds(10));
      RelayClient bobLive = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice);
      JsonObject online = awaitEvent(adaLive, "presence");
      assertEquals(bob.userId(), online.getJsonObject("data").getString("userId"));
      assertEquals("online", online.getJsonObject("data").getString("status"));
      bobLive.close();
      JsonObject offline = awaitEvent(adaLive, "presence");
      assertEquals("offline", offline.getJsonObject("data").getString("status"));
      assertTrue(offline.getJsonObject("data").getString("lastSeenAt").endsWith("Z"));
    }
  }

  @Test
  void editsDeletionsAndReactionsReachConnectedDevices() {
    String id = sendAsAda("djE=");
    try (RelayClient bobLive = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      bobLive.envelopesUntilSynced();
      bobLive.ack(id);
      JsonObject edit = new JsonObject().put("ciphertext", "djI=").put("envelopes",
          Messaging.message(chat, "", List.of(bobDevice)).getJsonArray("envelopes"));
      api.patch("/v1/messages/" + id, edit.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaDevice)
          .send().expect(200);
      JsonObject edited = bobLive.awaitType("envelope", Duration.ofSeconds(5));
      assertEquals("message.edited", edited.getString("event"));
      assertEquals("djI=", edited.getJsonObject("message").getString("ciphertext"));
      assertFalse(edited.getJsonObject("message").getString("editedAt") == null);

      api.post("/v1/messages/" + id + "/reactions", new JsonObject().put("reaction", "+1").encode())
          .bearer(ada.accessToken()).send().expect(200);
      JsonObject reaction = awaitEvent(bobLive, "reaction.updated");
      assertEquals(id, reaction.getJsonObject("data").getString("messageId"));

      api.delete("/v1/messages/" + id).bearer(ada.accessToken()).send().expect(204);
      JsonObject deleted = awaitEvent(bobLive, "message.deleted");
      assertEquals(id, deleted.getJsonObject("data").getString("messageId"));
    }
  }

  private static JsonObject awaitEvent(RelayClient client, String event) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < end) {
      JsonObject frame = client.awaitType("event", Duration.ofSeconds(5));
      if (event.equals(frame.getString("event"))) {
        return frame;
      }
    }
    throw new AssertionError("no " + event + " event");
  }

  private String sendAsAda(String ciphertext) {
    return api.post("/v1/messages", Messaging.message(chat, ciphertext, List.of(bobDevice)).encode())
        .bearer(ada.accessToken()).header("X-Device-Id", adaDevice).send().expect(201).json().getString("id");
  }

  private static List<String> ids(List<JsonObject> envelopes) {
    return envelopes.stream().map(e -> e.getJsonObject("message").getString("id")).toList();
  }
}
