package io.coveton.server.organizations;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrganizationLifecycleTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();
  private final Organizations orgs = new Organizations(server.api());

  @Test
  void creatorBecomesOwnerAndSlugsAreUniqueAndWellFormed() {
    SignedIn owner = server.accounts().register("creator");
    String slug = "acme-" + System.nanoTime();
    JsonObject created = api.post("/v1/organizations", new JsonObject().put("name", "Acme").put("slug", slug).encode())
        .bearer(owner.accessToken()).send().expect(201).json();
    assertTrue(created.getString("id").startsWith("org_"));
    assertEquals("active", created.getString("status"));
    JsonArray members = api.get("/v1/organizations/" + created.getString("id") + "/members")
        .bearer(owner.accessToken()).send().expect(200).array();
    assertEquals("owner", members.getJsonObject(0).getJsonObject("role").getString("name"));
    api.post("/v1/organizations", new JsonObject().put("name", "Again").put("slug", slug).encode())
        .bearer(owner.accessToken()).send().expectError(409, "CONFLICT");
    api.post("/v1/organizations", new JsonObject().put("name", "Bad").put("slug", "Not A Slug").encode())
        .bearer(owner.accessToken()).send().expectError(422, "VALIDATION");
    assertEquals(1, api.get("/v1/organizations").bearer(owner.accessToken()).send().array().size());
  }

  @Test
  void inviteLifecycle() throws Exception {
    SignedIn owner = server.accounts().register("inviter");
    String org = orgs.create(owner, "Invites");
    SignedIn invitee = server.accounts().register("invitee");
    SignedIn stranger = server.accounts().register("stranger");
    JsonObject invite = orgs.invite(owner, org, invitee.email(), "admin").expect(201).json();
    assertEquals(org, invite.getString("organizationId"));
    assertEquals("admin", invite.getString("role"));
    assertTrue(invite.getString("token").startsWith("it_"));
    orgs.invite(owner, org, invitee.email(), "member").expectError(409, "CONFLICT");

    accept(stranger, invite.getString("token")).expectError(403, "FORBIDDEN");
    JsonObject joined = accept(invitee, invite.getString("token")).expect(200).json();
    assertEquals("admin", joined.getJsonObject("member").getJsonObject("role").getString("name"));
    accept(invitee, invite.getString("token")).expectError(409, "CONFLICT");
    orgs.invite(owner, org, invitee.email(), "member").expectError(409, "CONFLICT");
    accept(invitee, "it_made-up").expectError(404, "NOT_FOUND");

    SignedIn late = server.accounts().register("late");
    JsonObject expiring = orgs.invite(owner, org, late.email(), "member").expect(201).json();
    sql("UPDATE invites SET expires_at = now() - interval '1 minute' WHERE id = '" + expiring.getString("id") + "'");
    accept(late, expiring.getString("token")).expectError(409, "CONFLICT");

    SignedIn revokedPerson = server.accounts().register("revoked");
    JsonObject revoked = orgs.invite(owner, org, revokedPerson.email(), "member").expect(201).json();
    api.delete("/v1/invites/" + revoked.getString("id")).bearer(owner.accessToken()).send().expect(204);
    accept(revokedPerson, revoked.getString("token")).expectError(404, "NOT_FOUND");
    api.delete("/v1/invites/" + revoked.getString("id")).bearer(owner.accessToken()).send().expectError(404, "NOT_FOUND");
    api.get("/v1/organizations/" + org).bearer(revokedPerson.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void anOrganizationAlwaysKeepsAnOwner() {
    SignedIn owner = server.accounts().register("soleOwner");
    String org = orgs.create(owner, "Owned");
    String path = "/v1/organizations/" + org + "/members/" + owner.userId();
    api.patch(path, "{\"role\":\"admin\"}").bearer(owner.accessToken()).send().expectError(409, "CONFLICT");
    api.patch(path, "{\"status\":\"disabled\"}").bearer(owner.accessToken()).send().expectError(409, "CONFLICT");
    api.delete(path).bearer(owner.accessToken()).send().expectError(409, "CONFLICT");
    api.post("/v1/organizations/" + org + "/leave", "{}").bearer(owner.accessToken()).send()
        .expectError(409, "CONFLICT");

    SignedIn second = orgs.newMember(owner, org, "owner", "secondOwner");
    api.patch(path, "{\"role\":\"admin\"}").bearer(owner.accessToken()).send().expect(200);
    api.patch("/v1/organizations/" + org + "/members/" + second.userId(), "{\"role\":\"member\"}")
        .bearer(second.accessToken()).send().expectError(409, "CONFLICT");
  }

  @Test
  void removedOrDemotedMembersLoseAccessAtOnce() {
    SignedIn owner = server.accounts().register("boss");
    String org = orgs.create(owner, "Access");
    SignedIn admin = orgs.newMember(owner, org, "admin", "exAdmin");
    api.get("/v1/audit-logs?organizationId=" + org).bearer(admin.accessToken()).send().expect(200);
    api.patch("/v1/organizations/" + org + "/members/" + admin.userId(), "{\"role\":\"member\"}")
        .bearer(owner.accessToken()).send().expect(200);
    api.get("/v1/audit-logs?organizationId=" + org).bearer(admin.accessToken()).send().expectError(403, "FORBIDDEN");
    api.patch("/v1/organizations/" + org + "/members/" + admin.userId(), "{\"status\":\"disabled\"}")
        .bearer(owner.accessToken()).send().expect(200);
    api.get("/v1/organizations/" + org).bearer(admin.accessToken()).send().expectError(404, "NOT_FOUND");
    api.delete("/v1/organizations/" + org + "/members/" + admin.userId()).bearer(owner.accessToken()).send()
        .expect(204);
    api.get("/v1/organizations/" + org).bearer(admin.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void nobodyGrantsWhatTheyDoNotHold() {
    SignedIn owner = server.accounts().register("granter");
    String org = orgs.create(owner, "Escalation");
    SignedIn admin = orgs.newMember(owner, org, "admin", "ambitious");
    SignedIn target = orgs.newMember(owner, org, "member", "target");
    api.patch("/v1/organizations/" + org + "/members/" + target.userId(), "{\"role\":\"owner\"}")
        .bearer(admin.accessToken()).send().expectError(403, "FORBIDDEN");
    orgs.invite(admin, org, "future-owner@example.com", "owner").expectError(403, "FORBIDDEN");
    api.patch("/v1/organizations/" + org + "/members/" + owner.userId(), "{\"status\":\"disabled\"}")
        .bearer(admin.accessToken()).send().expectError(403, "FORBIDDEN");

    String rolesOnly = orgs.role(owner, org, "role manager", List.of("roles.manage", "roles.read"));
    SignedIn manager = orgs.newMember(owner, org, rolesOnly, "manager");
    api.post("/v1/roles", new JsonObject().put("organizationId", org).put("name", "super")
            .put("permissions", new JsonArray().add("audit.read")).encode())
        .bearer(manager.accessToken()).send().expectError(403, "FORBIDDEN");
    api.post("/v1/roles", new JsonObject().put("organizationId", org).put("name", "reader")
            .put("permissions", new JsonArray().add("roles.read")).encode())
        .bearer(manager.accessToken()).send().expect(201);
    api.post("/v1/roles", new JsonObject().put("organizationId", org).put("name", "bogus")
            .put("permissions", new JsonArray().add("everything")).encode())
        .bearer(owner.accessToken()).send().expectError(422, "VALIDATION");
  }

  @Test
  void builtInRolesAreFixedAndRolesInUseStay() {
    SignedIn owner = server.accounts().register("roles");
    String org = orgs.create(owner, "Roles");
    JsonArray roles = api.get("/v1/roles?organizationId=" + org).bearer(owner.accessToken()).send().expect(200).array();
    String ownerRole = roles.stream().map(r -> (JsonObject) r).filter(r -> r.getString("name").equals("owner"))
        .findFirst().orElseThrow().getString("id");
    api.patch("/v1/roles/" + ownerRole, "{\"description\":\"mine\"}").bearer(owner.accessToken()).send()
        .expectError(409, "CONFLICT");
    api.delete("/v1/roles/" + ownerRole).bearer(owner.accessToken()).send().expectError(409, "CONFLICT");
    String custom = orgs.role(owner, org, "helper", List.of("teams.read"));
    orgs.newMember(owner, org, custom, "helped");
    api.delete("/v1/roles/" + custom).bearer(owner.accessToken()).send().expectError(409, "CONFLICT");
    JsonArray keys = api.get("/v1/permissions").bearer(owner.accessToken()).send().expect(200).array();
    assertTrue(keys.stream().allMatch(k -> ((JsonObject) k).getString("description").length() > 5));
  }

  @Test
  void updatesCannotSetWhatTheCallerMayNotSet() {
    SignedIn owner = server.accounts().register("mass");
    String org = orgs.create(owner, "Mass");
    JsonObject before = api.get("/v1/organizations/" + org).bearer(owner.accessToken()).send().json();
    JsonObject after = api.patch("/v1/organizations/" + org, new JsonObject().put("name", "Renamed")
            .put("status", "suspended").put("slug", "hijacked").put("id", "org_x").encode())
        .bearer(owner.accessToken()).send().expect(200).json();
    assertEquals("Renamed", after.getString("name"));
    assertEquals(before.getString("slug"), after.getString("slug"));
    assertEquals("active", after.getString("status"));
  }

  @Test
  void suspensionMakesTheOrganizationReadOnlyUntilTheOwnerReinstatesIt() {
    SignedIn owner = server.accounts().register("suspender");
    String org = orgs.create(owner, "Pause");
    SignedIn admin = orgs.newMember(owner, org, "admin", "pausedAdmin");
    api.post("/v1/organizations/" + org + "/suspend", "{}").bearer(admin.accessToken()).send()
        .expectError(403, "FORBIDDEN");
    JsonObject suspended = api.post("/v1/organizations/" + org + "/suspend", "{}").bearer(owner.accessToken()).send()
        .expect(200).json();
    assertEquals("suspended", suspended.getString("status"));
    api.patch("/v1/organizations/" + org, "{\"name\":\"x\"}").bearer(owner.accessToken()).send()
        .expectError(403, "FORBIDDEN");
    api.get("/v1/organizations/" + org + "/members").bearer(admin.accessToken()).send().expect(200);
    api.post("/v1/organizations/" + org + "/reinstate", "{}").bearer(admin.accessToken()).send()
        .expectError(403, "FORBIDDEN");
    api.post("/v1/organizations/" + org + "/reinstate", "{}").bearer(owner.accessToken()).send().expect(200);
    api.patch("/v1/organizations/" + org, "{\"name\":\"Back\"}").bearer(admin.accessToken()).send().expect(200);
  }

  @Test
  void groupChatsInsideAnOrganizationNeedItsMembers() {
    SignedIn owner = server.accounts().register("chatOwner");
    String org = orgs.create(owner, "Chatty");
    SignedIn member = orgs.newMember(owner, org, "member", "chatMember");
    SignedIn outsider = server.accounts().register("chatOutsider");
    JsonObject body = new JsonObject().put("type", "group").put("name", "Org chat").put("organizationId", org)
        .put("participantIds", new JsonArray().add(member.userId()));
    JsonObject chat = api.post("/v1/chats", body.encode()).bearer(owner.accessToken()).send().expect(201).json();
    assertEquals(org, chat.getString("organizationId"));
    // nor can one be added afterwards; another member can
    JsonObject adding = api.post("/v1/chats/" + chat.getString("id") + "/participants",
        new JsonObject().put("userIds", new JsonArray().add(outsider.userId())).encode())
        .bearer(owner.accessToken()).send().expectError(422, "VALIDATION");
    assertEquals("userIds", adding.getJsonArray("details").getJsonObject(0).getString("path"));
    SignedIn colleague = orgs.newMember(owner, org, "member", "chatColleague");
    api.post("/v1/chats/" + chat.getString("id") + "/participants",
        new JsonObject().put("userIds", new JsonArray().add(colleague.userId())).encode())
        .bearer(owner.accessToken()).send().expect(200);
    body.put("participantIds", new JsonArray().add(outsider.userId()));
    api.post("/v1/chats", body.encode()).bearer(owner.accessToken()).send().expectError(422, "VALIDATION");
    body.put("participantIds", new JsonArray().add(owner.userId()));
    api.post("/v1/chats", body.encode()).bearer(outsider.accessToken()).send().expectError(404, "NOT_FOUND");
    body.put("organizationId", "org_unknown");
    api.post("/v1/chats", body.encode()).bearer(owner.accessToken()).send().expectError(404, "NOT_FOUND");
    body.put("organizationId", "org unknown");
    api.post("/v1/chats", body.encode()).bearer(owner.accessToken()).send().expectError(422, "VALIDATION");
  }

  @Test
  void theAuditLogIsAppendOnlyInPostgresAndItsChainRevealsTampering() throws Exception {
    SignedIn owner = server.accounts().register("auditor");
    String org = orgs.create(owner, "Audited");
    orgs.unit(owner, "teams", org, "One");
    orgs.unit(owner, "departments", org, "Two");
    SignedIn device = server.accounts().register("unused");
    assertFalse(device.userId().isEmpty());
    JsonArray entries = api.get("/v1/audit-logs?organizationId=" + org).bearer(owner.accessToken())
        .header("User-Agent", "AuditTest/1").send().expect(200).array();
    assertEquals(List.of("department.created", "team.created", "organization.created"),
        entries.stream().map(e -> ((JsonObject) e).getString("action")).toList());
    JsonObject newest = entries.getJsonObject(0);
    assertEquals(owner.userId(), newest.getString("actorUserId"));
    assertEquals("127.0.0.1", newest.getString("ip"));
    assertEquals(entries.getJsonObject(1).getString("hash"), newest.getString("prevHash"));
    assertTrue(api.get("/v1/audit-logs/verify?organizationId=" + org).bearer(owner.accessToken()).send().json()
        .getBoolean("valid"));

    String middle = entries.getJsonObject(1).getString("id");
    SQLException update = assertThrows(SQLException.class,
        () -> sql("UPDATE audit_logs SET action = 'nothing' WHERE id = '" + middle + "'"));
    assertTrue(update.getMessage().contains("append-only"));
    assertThrows(SQLException.class, () -> sql("DELETE FROM audit_logs WHERE id = '" + middle + "'"));
    assertThrows(SQLException.class, () -> sql("TRUNCATE audit_logs"));

    sql("ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_no_update_or_delete; "
        + "UPDATE audit_logs SET action = 'team.renamed' WHERE id = '" + middle + "'; "
        + "ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_no_update_or_delete");
    JsonObject verdict = api.get("/v1/audit-logs/verify?organizationId=" + org).bearer(owner.accessToken()).send()
        .expect(200).json();
    assertFalse(verdict.getBoolean("valid"));
    assertEquals(middle, verdict.getString("firstBrokenEntryId"));
  }

  @Test
  void deviceRemovalsAndSessionRevocationsOfMembersAreAudited() {
    SignedIn owner = server.accounts().register("watcher");
    String org = orgs.create(owner, "Watched");
    SignedIn member = orgs.newMember(owner, org, "member", "watched");
    String device = new io.coveton.server.testing.Messaging(api).registerDevice(member, "phone");
    api.delete("/v1/devices/" + device).bearer(member.accessToken()).send().expect(204);
    SignedIn second = server.accounts().login(member.email());
    String sid = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(
        second.accessToken().split("\\.")[1]))).getString("sid");
    api.delete("/v1/sessions/" + sid).bearer(member.accessToken()).send().expect(204);
    await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
        api.get("/v1/audit-logs?organizationId=" + org).bearer(owner.accessToken()).send().array().stream()
            .map(e -> ((JsonObject) e).getString("action")).toList()
            .containsAll(List.of("device.removed", "session.revoked")));
  }

  @Test
  void memberChangesAreAuditedByKindWithWhatChangedAndTheLogFilters() {
    SignedIn owner = server.accounts().register("roleAuditor");
    String org = orgs.create(owner, "Roles audited");
    SignedIn member = orgs.newMember(owner, org, "member", "promoted");
    String path = "/v1/organizations/" + org + "/members/" + member.userId();
    patchMember(owner, path, new JsonObject().put("role", "admin")).expect(200);
    patchMember(owner, path, new JsonObject().put("role", "admin")).expect(200);
    patchMember(owner, path, new JsonObject().put("status", "disabled")).expect(200);
    patchMember(owner, path, new JsonObject().put("status", "active").put("role", "member")).expect(200);
    patchMember(owner, path, new JsonObject().put("role", "role_doesnotexist")).expectError(404, "NOT_FOUND");
    patchMember(owner, path, new JsonObject().put("role", "not a role")).expectError(422, "VALIDATION");

    String log = "/v1/audit-logs?organizationId=" + org;
    JsonArray all = api.get(log).bearer(owner.accessToken()).send().expect(200).array();
    assertEquals(List.of("member.enabled", "member.role_changed", "member.disabled", "member.role_changed",
            "invite.accepted", "invite.created", "organization.created"),
        all.stream().map(e -> ((JsonObject) e).getString("action")).toList(),
        "one entry per kind of change, none for a change to what already was, none for a refused one");
    JsonObject promoted = all.getJsonObject(3).getJsonObject("metadata");
    assertEquals("member", promoted.getString("oldRole"));
    assertEquals("admin", promoted.getString("newRole"));
    assertEquals("disabled", all.getJsonObject(0).getJsonObject("metadata").getString("oldStatus"));
    assertEquals("active", all.getJsonObject(0).getJsonObject("metadata").getString("newStatus"));

    JsonArray roleChanges = api.get(log + "&action=member.role_changed").bearer(owner.accessToken()).send()
        .expect(200).array();
    assertEquals(List.of(all.getJsonObject(1).getString("id"), all.getJsonObject(3).getString("id")),
        roleChanges.stream().map(e -> ((JsonObject) e).getString("id")).toList());
    JsonArray secondPage = api.get(log + "&action=member.role_changed&limit=1&before="
        + roleChanges.getJsonObject(0).getString("id")).bearer(owner.accessToken()).send().expect(200).array();
    assertEquals(all.getJsonObject(3).getString("id"), secondPage.getJsonObject(0).getString("id"));
    assertEquals(1, secondPage.size());

    JsonArray byMember = api.get(log + "&actorUserId=" + member.userId()).bearer(owner.accessToken()).send()
        .expect(200).array();
    assertEquals(List.of("invite.accepted"), byMember.stream().map(e -> ((JsonObject) e).getString("action")).toList());

    String disabledAt = all.getJsonObject(2).getString("createdAt");
    JsonArray since = api.get(log + "&since=" + disabledAt).bearer(owner.accessToken()).send().expect(200).array();
    assertEquals(3, since.size(), "since is inclusive");
    JsonArray until = api.get(log + "&until=" + disabledAt).bearer(owner.accessToken()).send().expect(200).array();
    assertEquals(4, until.size(), "until is exclusive");
    JsonArray window = api.get(log + "&since=" + all.getJsonObject(3).getString("createdAt") + "&until="
            + all.getJsonObject(1).getString("createdAt")).bearer(owner.accessToken()).send().expect(200).array();
    assertEquals(List.of("member.disabled", "member.role_changed"),
        window.stream().map(e -> ((JsonObject) e).getString("action")).toList());

    for (String bad : List.of("&action=Member!", "&actorUserId=a%20b", "&since=yesterday",
        "&since=" + disabledAt + "&until=" + disabledAt, "&actor=" + owner.userId())) {
      api.get(log + bad).bearer(owner.accessToken()).send().expectError(400, "BAD_REQUEST");
    }
    api.get(log + "&actorUserId=usr_nobody").bearer(owner.accessToken()).send().expect(200);
  }

  private io.coveton.server.testing.ApiResult patchMember(SignedIn caller, String path, JsonObject body) {
    return api.patch(path, body.encode()).bearer(caller.accessToken()).send();
  }

  private io.coveton.server.testing.ApiResult accept(SignedIn user, String token) {
    return api.post("/v1/invites/accept", new JsonObject().put("token", token).encode()).bearer(user.accessToken())
        .send();
  }

  private static void sql(String statements) throws SQLException {
    var db = server.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement statement = connection.createStatement()) {
      statement.execute(statements);
    }
  }
}
