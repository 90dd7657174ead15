package io.coveton.server.notifications;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.RelayClient;
import io.coveton.shared.notifications.NotificationPurgeJob;
import io.coveton.shared.notifications.NotificationRepository;
import io.coveton.shared.persistence.PgPools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotificationsApiTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_OUTBOX_POLL_MILLIS", "20");

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());

  @Test
  void securityNoticesArriveLiveAndAreListedNewestFirst() {
    SignedIn ada = server.accounts().register("noticed");
    String phone = messaging.registerDevice(ada, "phone");
    // the phone's own notice first, so that the one pushed below can only be the laptop's
    await().atMost(Duration.ofSeconds(10)).until(() -> list(ada, ""), list -> list.size() == 1);
    try (RelayClient live = RelayClient.connect(server.relayUrl(), ada.accessToken(), phone)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      String laptop = messaging.registerDevice(ada, "laptop");
      JsonObject pushed = live.awaitType("event", Duration.ofSeconds(10));
      assertEquals("notification", pushed.getString("event"));
      JsonObject data = pushed.getJsonObject("data");
      assertEquals("new_device", data.getString("type"));
      assertEquals(laptop, data.getJsonObject("data").getString("deviceId"));
      assertTrue(data.getString("id").startsWith("ntf_"));
      assertNull(data.getString("readAt"));
    }
    server.accounts().login(ada.email());
    JsonArray all = await().atMost(Duration.ofSeconds(10)).until(() -> list(ada, ""), list -> list.size() == 3);
    assertEquals(List.of("new_sign_in", "new_device", "new_device"), types(all));
    JsonObject signIn = all.getJsonObject(0);
    assertEquals("127.0.0.1", signIn.getJsonObject("data").getString("ip"));
    assertTrue(signIn.getString("createdAt").endsWith("Z"));
    JsonArray page = list(ada, "?limit=1&before=" + all.getJsonObject(0).getString("id"));
    assertEquals(all.getJsonObject(1).getString("id"), page.getJsonObject(0).getString("id"));
  }

  @Test
  void markingReadByIdOrAllAnswersHowManyWereUnread() {
    SignedIn ada = server.accounts().register("reader");
    messaging.registerDevice(ada, "phone");
    messaging.registerDevice(ada, "laptop");
    server.accounts().login(ada.email());
    JsonArray all = await().atMost(Duration.ofSeconds(10)).until(() -> list(ada, ""), list -> list.size() == 3);
    String newest = all.getJsonObject(0).getString("id");
    assertEquals(1, read(ada, new JsonObject().put("ids", new JsonArray().add(newest).add(newest))).getInteger("marked"));
    assertEquals(0, read(ada, new JsonObject().put("ids", new JsonArray().add(newest))).getInteger("marked"));
    assertFalse(list(ada, "").getJsonObject(0).getString("readAt") == null);
    assertEquals(2, list(ada, "?unread=true").size());
    assertEquals(2, read(ada, new JsonObject().put("all", true)).getInteger("marked"));
    assertEquals(0, list(ada, "?unread=true").size());
    assertEquals(3, list(ada, "?unread=false").size());
  }

  @Test
  void noOneSeesOrMarksAnotherUsersNotifications() {
    SignedIn ada = server.accounts().register("private");
    messaging.registerDevice(ada, "phone");
    SignedIn eve = server.accounts().register("snoop");
    String adas = await().atMost(Duration.ofSeconds(10)).until(() -> list(ada, ""), list -> list.size() == 1)
        .getJsonObject(0).getString("id");
    assertEquals(0, list(eve, "").size());
    api.post("/v1/notifications/read", new JsonObject().put("ids", new JsonArray().add(adas)).encode())
        .bearer(eve.accessToken()).send().expectError(404, "NOT_FOUND");
    messaging.registerDevice(eve, "phone");
    String eves = await().atMost(Duration.ofSeconds(10)).until(() -> list(eve, ""), list -> list.size() == 1)
        .getJsonObject(0).getString("id");
    api.post("/v1/notifications/read", new JsonObject().put("ids", new JsonArray().add(eves).add(adas)).encode())
        .bearer(eve.accessToken()).send().expectError(404, "NOT_FOUND");
    assertNull(list(eve, "").getJsonObject(0).getString("readAt"), "a refused request marks nothing");
    assertEquals(1, read(eve, new JsonObject().put("all", true)).getInteger("marked"));
    assertNull(list(ada, "").getJsonObject(0).getString("readAt"), "marking all of mine is not marking theirs");
    api.get("/v1/notifications").send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  void aRoleChangeIsNotifiedToTheMemberWhoseRoleChanged() {
    SignedIn owner = server.accounts().register("promoter");
    io.coveton.server.testing.Organizations orgs = new io.coveton.server.testing.Organizations(api);
    String org = orgs.create(owner, "Promotions");
    SignedIn member = orgs.newMember(owner, org, "member", "promoted");
    api.patch("/v1/organizations/" + org + "/members/" + member.userId(), new JsonObject().put("role", "admin").encode())
        .bearer(owner.accessToken()).send().expect(200);
    JsonObject notice = await().atMost(Duration.ofSeconds(10)).until(() -> list(member, ""),
        list -> types(list).contains("role_changed")).getJsonObject(0);
    assertEquals(org, notice.getJsonObject("data").getString("organizationId"));
    assertEquals("member", notice.getJsonObject("data").getString("oldRole"));
    assertEquals("admin", notice.getJsonObject("data").getString("newRole"));
    assertFalse(types(list(owner, "")).contains("role_changed"));
  }

  @Test
  void joiningAnOrganizationIsNotifiedToTheNewMemberAlone() {
    SignedIn owner = server.accounts().register("welcoming");
    io.coveton.server.testing.Organizations orgs = new io.coveton.server.testing.Organizations(api);
    String org = orgs.create(owner, "Welcomers");
    SignedIn member = orgs.newMember(owner, org, "member", "joiner");
    JsonObject notice = await().atMost(Duration.ofSeconds(10)).until(() -> list(member, ""),
        list -> types(list).contains("joined_organization")).getJsonObject(0);
    assertEquals(org, notice.getJsonObject("data").getString("organizationId"));
    assertTrue(notice.getJsonObject("data").getString("inviteId").startsWith("inv_"));
    assertFalse(types(list(owner, "")).contains("joined_organization"));
  }

  @Test
  void whoeverSomeoneElsePutsInAGroupIsToldOnce() {
    SignedIn ada = server.accounts().register("grouper");
    SignedIn bob = server.accounts().register("grouped");
    SignedIn carol = server.accounts().register("joinedLater");
    String chat = messaging.group(ada, "Book club", List.of(bob.userId()));
    JsonObject notice = await().atMost(Duration.ofSeconds(10)).until(() -> list(bob, ""),
        list -> types(list).contains("added_to_chat")).getJsonObject(0);
    assertEquals(chat, notice.getJsonObject("data").getString("chatId"));
    assertEquals("Book club", notice.getJsonObject("data").getString("name"));
    assertEquals(ada.userId(), notice.getJsonObject("data").getString("addedBy"));
    api.post("/v1/chats/" + chat + "/participants", new JsonObject()
        .put("userIds", new JsonArray().add(carol.userId()).add(bob.userId())).encode())
        .bearer(ada.accessToken()).send().expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> types(list(carol, "")).contains("added_to_chat"));
    assertEquals(1, types(list(bob, "")).stream().filter("added_to_chat"::equals).count(), "already in: not told again");
    assertFalse(types(list(ada, "")).contains("added_to_chat"), "the one who adds is not told");
  }

  @Test
  void anInviteToTheEmailOfAnExistingAccountIsNotifiedToThatAccount() {
    SignedIn owner = server.accounts().register("inviting");
    SignedIn existing = server.accounts().register("existing");
    io.coveton.server.testing.Organizations orgs = new io.coveton.server.testing.Organizations(api);
    String org = orgs.create(owner, "Inviters");
    String invite = orgs.invite(owner, org, existing.email(), "admin").expect(201).json().getString("id");
    orgs.invite(owner, org, io.coveton.server.testing.Accounts.uniqueEmail("nobodyYet"), "member").expect(201);
    JsonObject notice = await().atMost(Duration.ofSeconds(10)).until(() -> list(existing, ""),
        list -> types(list).contains("invited")).getJsonObject(0);
    assertEquals(org, notice.getJsonObject("data").getString("organizationId"));
    assertEquals(invite, notice.getJsonObject("data").getString("inviteId"));
    assertEquals("admin", notice.getJsonObject("data").getString("role"));
    assertFalse(notice.encode().contains("it_"), "the invite token is never in a notification");
  }

  @Test
  void badRequestsSayWhatIsWrong() {
    SignedIn ada = server.accounts().register("careless");
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("ids", new JsonArray()),
        new JsonObject().put("ids", "ntf_1"), new JsonObject().put("ids", new JsonArray().add("not an id")),
        new JsonObject().put("all", false), new JsonObject().put("all", true).put("ids", new JsonArray().add("ntf_1")))) {
      api.post("/v1/notifications/read", bad.encode()).bearer(ada.accessToken()).send().expectError(422, "VALIDATION");
    }
    api.get("/v1/notifications?unread=maybe").bearer(ada.accessToken()).send().expectError(400, "BAD_REQUEST");
    api.get("/v1/notifications?limit=0").bearer(ada.accessToken()).send().expectError(400, "BAD_REQUEST");
  }

  @Test
  void readNotificationsOlderThanTheRetentionArePurgedAndUnreadOnesStay() throws Exception {
    SignedIn ada = server.accounts().register("purged");
    messaging.registerDevice(ada, "phone");
    messaging.registerDevice(ada, "laptop");
    server.accounts().login(ada.email());
    JsonArray all = await().atMost(Duration.ofSeconds(10)).until(() -> list(ada, ""), list -> list.size() == 3);
    String oldRead = all.getJsonObject(2).getString("id");
    String recentRead = all.getJsonObject(1).getString("id");
    String oldUnread = all.getJsonObject(0).getString("id");
    sql("UPDATE notifications SET read_at = now() - interval '100 days', created_at = now() - interval '101 days' "
        + "WHERE id = '" + oldRead + "'");
    sql("UPDATE notifications SET read_at = now() - interval '1 day' WHERE id = '" + recentRead + "'");
    sql("UPDATE notifications SET created_at = now() - interval '200 days' WHERE id = '" + oldUnread + "'");
    Pool pool = PgPools.create(server.vertx(), server.database(), 2);
    try {
      new NotificationPurgeJob(new NotificationRepository(pool), Duration.ofDays(90)).run()
          .toCompletionStage().toCompletableFuture().get();
    } finally {
      pool.close();
    }
    assertEquals(List.of(oldUnread, recentRead), list(ada, "").stream().map(n -> ((JsonObject) n).getString("id")).toList());
  }

  private JsonArray list(SignedIn user, String query) {
    return api.get("/v1/notifications" + query).bearer(user.accessToken()).send().expect(200).array();
  }

  private JsonObject read(SignedIn user, JsonObject body) {
    return api.post("/v1/notifications/read", body.encode()).bearer(user.accessToken()).send().expect(200).json();
  }

  private static List<String> types(JsonArray notifications) {
    return notifications.stream().map(n -> ((JsonObject) n).getString("type")).toList();
  }

  private static void sql(String statement) throws Exception {
    var db = server.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = connection.createStatement()) {
      st.execute(statement);
    }
  }
}
