package io.coveton.server.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatsApiTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());

  @Test
  void directChatIsUniquePerPairWhoeverAsks() {
    var ada = server.accounts().register("ada");
    var bob = server.accounts().register("bob");
    String bobDevice = messaging.registerDevice(bob, "phone");
    JsonObject created = api.post("/v1/chats", direct(bob).encode()).bearer(ada.accessToken()).send().expect(201).json();
    assertEquals("direct", created.getString("type"));
    assertTrue(created.getString("id").startsWith("chat_"));
    JsonArray participants = created.getJsonArray("participants");
    assertEquals(2, participants.size());
    JsonObject bobEntry = participants.stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("userId").equals(bob.userId())).findFirst().orElseThrow();
    assertEquals(bobDevice, bobEntry.getJsonArray("devices").getJsonObject(0).getString("id"));
    assertTrue(bobEntry.getJsonArray("devices").getJsonObject(0).containsKey("publicKey"));

    JsonObject again = api.post("/v1/chats", direct(bob).encode()).bearer(ada.accessToken()).send().expect(200).json();
    assertEquals(created.getString("id"), again.getString("id"));
    JsonObject fromBob = api.post("/v1/chats", direct(ada).encode()).bearer(bob.accessToken()).send().expect(200).json();
    assertEquals(created.getString("id"), fromBob.getString("id"));
  }

  @Test
  void directChatNeedsExactlyOneOtherExistingUser() {
    var ada = server.accounts().register("lonely");
    var bob = server.accounts().register("b");
    var cy = server.accounts().register("c");
    api.post("/v1/chats", new JsonObject().put("type", "direct").put("participantIds", new JsonArray().add(ada.userId()))
        .encode()).bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    api.post("/v1/chats", new JsonObject().put("type", "direct")
        .put("participantIds", new JsonArray().add(bob.userId()).add(cy.userId())).encode())
        .bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    api.post("/v1/chats", new JsonObject().put("type", "direct")
        .put("participantIds", new JsonArray().add("usr_00000000000000000000000000")).encode())
        .bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    api.post("/v1/chats", new JsonObject().put("type", "channel").put("participantIds", new JsonArray()).encode())
        .bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
  }

  @Test
  void groupNeedsANameAndListsNewestActivityFirst() {
    var ada = server.accounts().register("grp");
    var bob = server.accounts().register("gb");
    api.post("/v1/chats", new JsonObject().put("type", "group").put("participantIds", new JsonArray().add(bob.userId()))
        .encode()).bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    String older = messaging.group(ada, "Older", List.of(bob.userId()));
    String newer = messaging.group(ada, "Newer", List.of(bob.userId()));
    JsonArray list = api.get("/v1/chats").bearer(ada.accessToken()).send().expect(200).array();
    assertEquals(List.of(newer, older), ids(list));

    assertNull(list.getJsonObject(0).getValue("lastMessageAt"));
    String sentAt = messaging.send(ada, Messaging.message(older, "c2VjcmV0", List.of())).expect(201).json()
        .getString("createdAt");
    JsonArray after = api.get("/v1/chats").bearer(bob.accessToken()).send().expect(200).array();
    assertEquals(List.of(older, newer), ids(after));
    assertEquals(sentAt, after.getJsonObject(0).getString("lastMessageAt"));
    assertEquals(sentAt, api.get("/v1/chats/" + older).bearer(bob.accessToken()).send().expect(200).json()
        .getString("lastMessageAt"));
    JsonArray paged = api.get("/v1/chats?limit=1&before=" + older).bearer(bob.accessToken()).send().expect(200).array();
    assertEquals(List.of(newer), ids(paged));
  }

  @Test
  void adminsManageParticipantsAndMembersMayLeave() {
    var admin = server.accounts().register("admin");
    var member = server.accounts().register("member");
    var newcomer = server.accounts().register("newcomer");
    String chat = messaging.group(admin, "Team", List.of(member.userId()));

    api.post("/v1/chats/" + chat + "/participants", users(newcomer).encode()).bearer(member.accessToken()).send()
        .expectError(403, "FORBIDDEN");
    JsonObject grown = api.post("/v1/chats/" + chat + "/participants", users(newcomer).encode())
        .bearer(admin.accessToken()).send().expect(200).json();
    assertEquals(3, grown.getJsonArray("participants").size());
    api.get("/v1/chats/" + chat).bearer(newcomer.accessToken()).send().expect(200);

    api.delete("/v1/chats/" + chat + "/participants/" + newcomer.userId()).bearer(member.accessToken()).send()
        .expectError(403, "FORBIDDEN");
    api.delete("/v1/chats/" + chat + "/participants/" + newcomer.userId()).bearer(admin.accessToken()).send()
        .expect(204);
    api.get("/v1/chats/" + chat).bearer(newcomer.accessToken()).send().expectError(404, "NOT_FOUND");

    api.delete("/v1/chats/" + chat + "/participants/" + member.userId()).bearer(member.accessToken()).send()
        .expect(204);
    api.get("/v1/chats/" + chat).bearer(member.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void lastAdminLeavingHandsAdminToTheEarliestMember() {
    var admin = server.accounts().register("leaver");
    var first = server.accounts().register("first");
    var second = server.accounts().register("second");
    String chat = messaging.group(admin, "Succession", List.of(first.userId(), second.userId()));
    api.delete("/v1/chats/" + chat + "/participants/" + admin.userId()).bearer(admin.accessToken()).send().expect(204);
    JsonObject view = api.get("/v1/chats/" + chat).bearer(first.accessToken()).send().expect(200).json();
    long admins = view.getJsonArray("participants").stream().filter(p -> "admin".equals(((JsonObject) p)
        .getString("role"))).count();
    assertEquals(1, admins);
  }

  @Test
  void directChatParticipantsAreFixed() {
    var ada = server.accounts().register("fixedA");
    var bob = server.accounts().register("fixedB");
    var cy = server.accounts().register("fixedC");
    String chat = messaging.direct(ada, bob);
    api.post("/v1/chats/" + chat + "/participants", users(cy).encode()).bearer(ada.accessToken()).send()
        .expectError(409, "CONFLICT");
  }

  @Test
  void anOutsiderSeesNothingOfAChat() {
    var ada = server.accounts().register("insider");
    var bob = server.accounts().register("insider2");
    var eve = server.accounts().register("eve");
    String adaDevice = messaging.registerDevice(ada, "a");
    String bobDevice = messaging.registerDevice(bob, "b");
    String chat = messaging.group(ada, "Private", List.of(bob.userId()));
    String message = messaging.send(ada, Messaging.message(chat, "c2VjcmV0", List.of(adaDevice, bobDevice)))
        .expect(201).json().getString("id");

    String token = eve.accessToken();
    api.get("/v1/chats/" + chat).bearer(token).send().expectError(404, "NOT_FOUND");
    api.get("/v1/chats/" + chat + "/messages").bearer(token).send().expectError(404, "NOT_FOUND");
    api.post("/v1/chats/" + chat + "/participants", users(eve).encode()).bearer(token).send()
        .expectError(404, "NOT_FOUND");
    api.delete("/v1/chats/" + chat + "/participants/" + bob.userId()).bearer(token).send()
        .expectError(404, "NOT_FOUND");
    api.delete("/v1/chats/" + chat + "/participants/" + eve.userId()).bearer(token).send()
        .expectError(404, "NOT_FOUND");
    messaging.send(eve, Messaging.message(chat, "aGk=", List.of(adaDevice, bobDevice))).expectError(404, "NOT_FOUND");
    api.patch("/v1/messages/" + message, Messaging.message(chat, "aGk=", List.of(adaDevice, bobDevice)).encode())
        .bearer(token).send().expectError(404, "NOT_FOUND");
    api.delete("/v1/messages/" + message).bearer(token).send().expectError(404, "NOT_FOUND");
    api.post("/v1/messages/" + message + "/reactions", new JsonObject().put("reaction", "x").encode()).bearer(token)
        .send().expectError(404, "NOT_FOUND");
    assertEquals(Set.of(), Set.copyOf(ids(api.get("/v1/chats").bearer(token).send().expect(200).array())));
    assertEquals(1, api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().size());
  }

  @Test
  void removedParticipantStopsBeingARecipientAtOnce() {
    var admin = server.accounts().register("rmAdmin");
    var leaver = server.accounts().register("rmLeaver");
    String adminDevice = messaging.registerDevice(admin, "a");
    String leaverDevice = messaging.registerDevice(leaver, "l");
    String chat = messaging.group(admin, "Shrinking", List.of(leaver.userId()));
    api.delete("/v1/chats/" + chat + "/participants/" + leaver.userId()).bearer(admin.accessToken()).send()
        .expect(204);
    JsonObject error = messaging.send(admin, Messaging.message(chat, "aGk=", List.of(adminDevice, leaverDevice)))
        .expectError(409, "CONFLICT");
    assertEquals(List.of(leaverDevice), error.getJsonArray("extraDeviceIds").getList());
    messaging.send(admin, Messaging.message(chat, "aGk=", List.of(adminDevice))).expect(201);
  }

  private static JsonObject direct(SignedIn other) {
    return new JsonObject().put("type", "direct").put("participantIds", new JsonArray().add(other.userId()));
  }

  private static JsonObject users(SignedIn... users) {
    JsonArray ids = new JsonArray();
    for (SignedIn user : users) {
      ids.add(user.userId());
    }
    return new JsonObject().put("userIds", ids);
  }

  private static List<String> ids(JsonArray array) {
    return array.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
