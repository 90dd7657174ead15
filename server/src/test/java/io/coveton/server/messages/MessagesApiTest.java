package io.coveton.server.messages;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.BrokenIdempotencyCompletion;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MessagesApiTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_MAX_CIPHERTEXT_BYTES", "4096")
      .with("COVETON_MAX_ENVELOPE_HEADER_BYTES", "256")
      .with("COVETON_MAX_ENVELOPES", "8")
      .with("COVETON_EXPIRY_SWEEP_SECONDS", "1");

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());
  private SignedIn ada;
  private SignedIn bob;
  private String adaPhone;
  private String adaLaptop;
  private String bobPhone;
  private String chat;

  @BeforeEach
  void directChatWithThreeDevices() {
    ada = server.accounts().register("ada");
    bob = server.accounts().register("bob");
    adaPhone = messaging.registerDevice(ada, "phone");
    adaLaptop = messaging.registerDevice(ada, "laptop");
    bobPhone = messaging.registerDevice(bob, "phone");
    chat = messaging.direct(ada, bob);
  }

  @Test
  void sendAnswersTheStoredMessageAndCiphertextRoundTripsByteForByte() {
    byte[] random = new byte[600];
    new java.util.Random(42).nextBytes(random);
    // any string is opaque: one beyond ASCII (two-, three- and four-byte UTF-8) comes back unchanged
    String ciphertext = Base64.getEncoder().encodeToString(random) + "+/==\u00e9\u20ac\ud83d\udd12";
    JsonObject body = Messaging.message(chat, ciphertext, List.of(adaLaptop, bobPhone));
    body.getJsonArray("envelopes").getJsonObject(1).put("header", "+/x=\u00e9\"\\ sealed");
    JsonObject sent = api.post("/v1/messages", body.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone)
        .send().expect(201).json();
    assertTrue(sent.getString("id").startsWith("msg_"));
    assertEquals(chat, sent.getString("chatId"));
    assertEquals(ada.userId(), sent.getString("senderUserId"));
    assertEquals(adaPhone, sent.getString("senderDeviceId"));
    assertEquals(ciphertext, sent.getString("ciphertext"));
    assertEquals("text/plain", sent.getString("contentType"));
    assertNull(sent.getString("editedAt"));
    assertNull(sent.getString("expiresAt"));
    assertEquals(new JsonArray(), sent.getJsonArray("reactions"));
    assertFalse(sent.containsKey("envelopes"));

    JsonObject asBob = history(bob, bobPhone).getJsonObject(0);
    assertEquals(ciphertext, asBob.getString("ciphertext"));
    assertEquals("+/x=\u00e9\"\\ sealed", asBob.getJsonObject("envelope").getString("header"));
    assertFalse(asBob.containsKey("envelopes"));

    JsonObject asAdaAccount = api.get("/v1/chats/" + chat + "/messages").bearer(ada.accessToken()).send()
        .expect(200).array().getJsonObject(0);
    List<Object> adaEnvelopes = asAdaAccount.getJsonArray("envelopes").stream()
        .map(e -> ((JsonObject) e).getString("deviceId")).map(Object.class::cast).toList();
    assertEquals(List.of(adaLaptop), adaEnvelopes, "only the caller's own devices, and the sender phone had none");
  }

  @Test
  void mismatchedEnvelopesAreConflictListingBothSidesAndStoreNothing() {
    String stranger = "dev_0000000000000000000000000a";
    JsonObject missing = messaging.send(ada, Messaging.message(chat, "aGk=", List.of(adaPhone, bobPhone)))
        .expectError(409, "CONFLICT");
    assertEquals(List.of(adaLaptop), missing.getJsonArray("missingDeviceIds").getList());
    assertEquals(List.of(), missing.getJsonArray("extraDeviceIds").getList());

    JsonObject extra = api.post("/v1/messages",
            Messaging.message(chat, "aGk=", List.of(adaLaptop, bobPhone, adaPhone, stranger)).encode())
        .bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send().expectError(409, "CONFLICT");
    assertEquals(List.of(), extra.getJsonArray("missingDeviceIds").getList());
    assertEquals(Set.of(adaPhone, stranger), Set.copyOf(extra.getJsonArray("extraDeviceIds").getList()));

    messaging.send(ada, Messaging.message(chat, "aGk=", List.of())).expectError(409, "CONFLICT");
    assertEquals(0, history(bob, bobPhone).size(), "nothing stored");
  }

  @Test
  void idsAreOpaqueSoAWellFormedUnknownIdIsNotFoundAndOnlyAMalformedOneIsInvalid() {
    JsonObject unknownDevices = messaging.send(ada,
            Messaging.message(chat, "aGk=", List.of(adaLaptop, bobPhone, "phone-of-nobody", "dev_short")))
        .expectError(409, "CONFLICT");
    assertEquals(Set.of("phone-of-nobody", "dev_short"),
        Set.copyOf(unknownDevices.getJsonArray("extraDeviceIds").getList()));
    for (Object malformed : List.<Object>of("", "dev 1", "x".repeat(65), 42)) {
      JsonObject body = Messaging.message(chat, "aGk=", List.of(adaLaptop, bobPhone));
      body.getJsonArray("envelopes").getJsonObject(0).put("deviceId", malformed);
      JsonObject invalid = messaging.send(ada, body).expectError(422, "VALIDATION");
      assertEquals("envelopes[0].deviceId", invalid.getJsonArray("details").getJsonObject(0).getString("path"));
    }
    messaging.send(ada, Messaging.message("chat_doesnotexist", "aGk=", List.of(adaLaptop, bobPhone)))
        .expectError(404, "NOT_FOUND");
    messaging.send(ada, Messaging.message("no/such/chat", "aGk=", List.of(adaLaptop, bobPhone)))
        .expectError(422, "VALIDATION");
    messaging.send(ada, Messaging.message(chat, "aGk=", List.of(adaLaptop, bobPhone))
        .put("fileIds", new JsonArray().add("file$1"))).expectError(422, "VALIDATION");
    assertEquals(0, history(bob, bobPhone).size(), "nothing stored");
  }

  @Test
  void revokedDeviceIsNoLongerARecipient() {
    api.delete("/v1/devices/" + adaLaptop).bearer(ada.accessToken()).send().expect(204);
    JsonObject error = messaging.send(bob, Messaging.message(chat, "aGk=", List.of(adaPhone, adaLaptop, bobPhone)))
        .expectError(409, "CONFLICT");
    assertEquals(List.of(adaLaptop), error.getJsonArray("extraDeviceIds").getList());
    messaging.send(bob, Messaging.message(chat, "aGk=", List.of(adaPhone, bobPhone))).expect(201);
  }

  @Test
  void historyPagesBackwardsWithoutGapsOrDuplicates() {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      sent.add(messaging.send(ada, Messaging.message(chat, "bXNn" + i, List.of(adaPhone, adaLaptop, bobPhone)))
          .expect(201).json().getString("id"));
    }
    List<String> seen = new ArrayList<>();
    String before = null;
    while (true) {
      JsonArray page = api.get("/v1/chats/" + chat + "/messages?limit=5" + (before == null ? "" : "&before=" + before))
          .bearer(bob.accessToken()).send().expect(200).array();
      page.forEach(m -> seen.add(((JsonObject) m).getString("id")));
      if (page.size() < 5) {
        break;
      }
      before = page.getJsonObject(page.size() - 1).getString("id");
    }
    assertEquals(new HashSet<>(seen).size(), seen.size(), "no duplicates");
    List<String> newestFirst = new ArrayList<>(sent);
    java.util.Collections.reverse(newestFirst);
    assertEquals(newestFirst, seen);
    api.get("/v1/chats/" + chat + "/messages?limit=0").bearer(bob.accessToken()).send().expectError(400, "BAD_REQUEST");
    api.get("/v1/chats/" + chat + "/messages?limit=101").bearer(bob.accessToken()).send()
        .expectError(400, "BAD_REQUEST");
  }

  @Test
  void expiresAtMustBeFutureAndExpiredMessagesVanish() throws Exception {
    JsonObject past = Messaging.message(chat, "b2xk", List.of(adaPhone, adaLaptop, bobPhone))
        .put("expiresAt", Instant.now().minusSeconds(5).toString());
    JsonObject error = messaging.send(ada, past).expectError(422, "VALIDATION");
    assertEquals("expiresAt", error.getJsonArray("details").getJsonObject(0).getString("path"));

    Instant soon = Instant.now().plusSeconds(2);
    JsonObject ephemeral = Messaging.message(chat, "ZXBo", List.of(adaPhone, adaLaptop, bobPhone))
        .put("expiresAt", soon.toString());
    String id = messaging.send(ada, ephemeral).expect(201).json().getString("id");
    assertEquals(1, history(bob, bobPhone).size());
    await().atMost(Duration.ofSeconds(10)).until(() -> history(bob, bobPhone).isEmpty());
    api.delete("/v1/messages/" + id).bearer(ada.accessToken()).send().expectError(404, "NOT_FOUND");
    await().atMost(Duration.ofSeconds(10)).until(() -> rowsOf("messages", id) == 0);
    assertEquals(0, rowsOf("message_envelopes", id));
  }

  @Test
  void onlyTheSenderEditsOrDeletes() throws Exception {
    List<String> everyDevice = List.of(adaPhone, adaLaptop, bobPhone);
    String id = messaging.send(ada, Messaging.message(chat, "djE=", everyDevice)).expect(201).json().getString("id");
    JsonObject edit = new JsonObject().put("ciphertext", "djI=").put("envelopes",
        Messaging.message(chat, "", everyDevice).getJsonArray("envelopes"));
    api.patch("/v1/messages/" + id, edit.encode()).bearer(bob.accessToken()).send().expectError(403, "FORBIDDEN");
    api.delete("/v1/messages/" + id).bearer(bob.accessToken()).send().expectError(403, "FORBIDDEN");

    JsonObject badEdit = new JsonObject().put("ciphertext", "djI=").put("envelopes",
        Messaging.message(chat, "", List.of(bobPhone)).getJsonArray("envelopes"));
    api.patch("/v1/messages/" + id, badEdit.encode()).bearer(ada.accessToken()).send().expectError(409, "CONFLICT");
    assertEquals("djE=", history(bob, bobPhone).getJsonObject(0).getString("ciphertext"));

    JsonObject edited = api.patch("/v1/messages/" + id, edit.encode()).bearer(ada.accessToken()).send()
        .expect(200).json();
    assertEquals("djI=", edited.getString("ciphertext"));
    assertNotNull(edited.getString("editedAt"));
    JsonObject seen = history(bob, bobPhone).getJsonObject(0);
    assertEquals("djI=", seen.getString("ciphertext"));
    assertEquals("sealed-for-" + bobPhone, seen.getJsonObject("envelope").getString("header"));

    api.delete("/v1/messages/" + id).bearer(ada.accessToken()).send().expect(204);
    assertEquals(0, history(bob, bobPhone).size());
    assertEquals(0, rowsOf("message_envelopes", id), "a deleted message takes its envelopes with it");
  }

  @Test
  void reactionsToggleAndAreBounded() {
    String id = messaging.send(ada, Messaging.message(chat, "cmVhY3Q=", List.of(adaPhone, adaLaptop, bobPhone)))
        .expect(201).json().getString("id");
    JsonObject first = react(bob, id, "\ud83d\udc4d").expect(200).json();
    assertEquals(1, first.getJsonArray("reactions").getJsonObject(0).getInteger("count"));
    assertEquals(List.of(bob.userId()), first.getJsonArray("reactions").getJsonObject(0).getJsonArray("userIds").getList());
    JsonObject both = react(ada, id, "\ud83d\udc4d").expect(200).json();
    assertEquals(2, both.getJsonArray("reactions").getJsonObject(0).getInteger("count"));
    JsonObject toggledOff = react(bob, id, "\ud83d\udc4d").expect(200).json();
    assertEquals(1, toggledOff.getJsonArray("reactions").getJsonObject(0).getInteger("count"));
    assertEquals(1, history(bob, bobPhone).getJsonObject(0).getJsonArray("reactions").size());
    react(bob, id, "x".repeat(33)).expectError(422, "VALIDATION");
  }

  @Test
  void retriedSendWithTheSameKeyCreatesOneMessage() {
    String body = Messaging.message(chat, "b25jZQ==", List.of(adaPhone, adaLaptop, bobPhone)).encode();
    var first = api.post("/v1/messages", body).bearer(ada.accessToken()).header("Idempotency-Key", "send-1").send()
        .expect(201);
    var retry = api.post("/v1/messages", body).bearer(ada.accessToken()).header("Idempotency-Key", "send-1").send()
        .expect(201);
    assertEquals(first.json().getString("id"), retry.json().getString("id"));
    assertEquals("true", retry.header("Idempotent-Replayed"));
    assertEquals(1, history(bob, bobPhone).size());
    // keys are per caller: the same key from Bob is a request of his own
    var bobs = api.post("/v1/messages", body).bearer(bob.accessToken()).header("Idempotency-Key", "send-1").send()
        .expect(201);
    assertFalse(first.json().getString("id").equals(bobs.json().getString("id")));
    assertEquals(2, history(bob, bobPhone).size());
  }

  @Test
  void retryAfterTheResultWasNotRecordedStoresNoSecondCopy() {
    String body = Messaging.message(chat, "b25jZQ==", List.of(adaPhone, adaLaptop, bobPhone)).encode();
    String first;
    try (var broken = BrokenIdempotencyCompletion.install(server.database())) {
      first = api.post("/v1/messages", body).bearer(ada.accessToken()).header("Idempotency-Key", "break-rest").send()
          .expect(201).json().getString("id");
      var retry = api.post("/v1/messages", body).bearer(ada.accessToken()).header("Idempotency-Key", "break-rest")
          .send().expect(201);
      assertEquals(first, retry.json().getString("id"));
      assertEquals(1, history(bob, bobPhone).size());
    }
    var recorded = api.post("/v1/messages", body).bearer(ada.accessToken()).header("Idempotency-Key", "break-rest")
        .send().expect(201);
    assertEquals(first, recorded.json().getString("id"));
    var replay = api.post("/v1/messages", body).bearer(ada.accessToken()).header("Idempotency-Key", "break-rest")
        .send().expect(201);
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(first, replay.json().getString("id"));
    assertEquals(1, history(bob, bobPhone).size());
    // the key stays bound to its request
    api.post("/v1/messages", Messaging.message(chat, "b3RoZXI=", List.of(adaPhone, adaLaptop, bobPhone)).encode())
        .bearer(ada.accessToken()).header("Idempotency-Key", "break-rest").send().expectError(422, "VALIDATION");
  }

  @Test
  void sizeLimitsNameTheField() {
    List<String> devices = List.of(adaPhone, adaLaptop, bobPhone);
    JsonObject big = messaging.send(ada, Messaging.message(chat, "x".repeat(4097), devices))
        .expectError(422, "VALIDATION");
    assertEquals("ciphertext", big.getJsonArray("details").getJsonObject(0).getString("path"));

    JsonObject bigHeader = Messaging.message(chat, "aGk=", devices);
    bigHeader.getJsonArray("envelopes").getJsonObject(0).put("header", "h".repeat(257));
    JsonObject headerError = messaging.send(ada, bigHeader).expectError(422, "VALIDATION");
    assertEquals("envelopes[0].header", headerError.getJsonArray("details").getJsonObject(0).getString("path"));

    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      tooMany.add(String.format("dev_%026d", i));
    }
    JsonObject countError = messaging.send(ada, Messaging.message(chat, "aGk=", tooMany))
        .expectError(422, "VALIDATION");
    assertEquals("envelopes", countError.getJsonArray("details").getJsonObject(0).getString("path"));
    assertEquals(0, history(bob, bobPhone).size());
  }

  private JsonArray history(SignedIn reader, String device) {
    return api.get("/v1/chats/" + chat + "/messages").bearer(reader.accessToken()).header("X-Device-Id", device)
        .send().expect(200).array();
  }

  private io.coveton.server.testing.ApiResult react(SignedIn user, String messageId, String reaction) {
    return api.post("/v1/messages/" + messageId + "/reactions", new JsonObject().put("reaction", reaction).encode())
        .bearer(user.accessToken()).send();
  }

  private static int rowsOf(String table, String messageId) throws Exception {
    var db = server.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         var statement = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE "
             + (table.equals("messages") ? "id" : "message_id") + " = ?")) {
      statement.setString(1, messageId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
