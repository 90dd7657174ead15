package io.coveton.server.organizations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every organization, team, department, role, invite and audit route, for every kind of caller:
 * the exact status and error code of each cell. Destructive routes get fresh resources per cell.
 */
class OrganizationAuthorizationTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension().withManySeats();

  private static final List<String> KEYS = List.of("organization.update", "members.read", "members.manage",
      "invites.manage", "teams.read", "teams.manage", "departments.read", "departments.manage", "roles.read",
      "roles.manage", "audit.read", "chats.create");
  private static final List<String> MEMBER_KEYS = List.of("organization.read", "members.read", "teams.read",
      "departments.read", "roles.read", "chats.create");

  private static ApiClient api;
  private static Organizations orgs;
  private static SignedIn owner;
  private static SignedIn admin;
  private static SignedIn member;
  private static SignedIn customWithout;
  private static final Map<String, SignedIn> customWith = new LinkedHashMap<>();
  private static SignedIn otherOrgOwner;
  private static SignedIn nonMember;
  private static String org;
  private static String emptyRole;
  private static String suspendedOrg;
  private static SignedIn suspendedOwner;
  private static SignedIn suspendedAdmin;
  private static final Map<String, String> frozen = new LinkedHashMap<>();

  @BeforeAll
  static void organizationsWithEveryKindOfCaller() {
    api = server.api();
    orgs = new Organizations(api);
    owner = server.accounts().register("owner");
    org = orgs.create(owner, "Acme");
    emptyRole = orgs.role(owner, org, "nothing", List.of());
    admin = orgs.newMember(owner, org, "admin", "admin");
    member = orgs.newMember(owner, org, "member", "member");
    customWithout = orgs.newMember(owner, org, emptyRole, "without");
    for (String key : KEYS) {
      String role = orgs.role(owner, org, "only " + key, List.of(key));
      customWith.put(key, orgs.newMember(owner, org, role, "with"));
    }
    otherOrgOwner = server.accounts().register("otherOwner");
    orgs.create(otherOrgOwner, "Elsewhere");
    nonMember = server.accounts().register("outsider");

    suspendedOwner = server.accounts().register("suspendedOwner");
    suspendedOrg = orgs.create(suspendedOwner, "Frozen");
    suspendedAdmin = orgs.newMember(suspendedOwner, suspendedOrg, "admin", "frozenAdmin");
    // what the cells act on in the suspended organization must exist before it is frozen
    frozen.put("member", orgs.newMember(suspendedOwner, suspendedOrg, "member", "frozenMember").userId());
    frozen.put("role", orgs.role(suspendedOwner, suspendedOrg, "frozen role", List.of()));
    frozen.put("invite", orgs.invite(suspendedOwner, suspendedOrg, "frozen@example.com", "member").expect(201).json()
        .getString("id"));
    for (String kind : List.of("teams", "departments")) {
      String unit = orgs.unit(suspendedOwner, kind, suspendedOrg, "frozen");
      api.post("/v1/" + kind + "/" + unit + "/members", new JsonObject().put("userId", suspendedOwner.userId()).encode())
          .bearer(suspendedOwner.accessToken()).send().expect(200);
      frozen.put(kind, unit);
    }
    api.post("/v1/organizations/" + suspendedOrg + "/suspend", "{}").bearer(suspendedOwner.accessToken()).send()
        .expect(200);
  }

  /** One route: the permission it needs, how to call it in an organization, and its success status. */
  record Route(String name, String permission, int success, Function<Target, ApiClient.Call> call) {}

  /** The organization a call acts in, and the owner who prepares what it needs. */
  record Target(String org, SignedIn owner) {}

  private static List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    routes.add(new Route("GET organization", "organization.read", 200,
        t -> api.get("/v1/organizations/" + t.org())));
    routes.add(new Route("PATCH organization", "organization.update", 200,
        t -> api.patch("/v1/organizations/" + t.org(), "{\"name\":\"Renamed\"}")));
    routes.add(new Route("GET members", "members.read", 200, t -> api.get("/v1/organizations/" + t.org() + "/members")));
    routes.add(new Route("PATCH member", "members.manage", 200,
        t -> api.patch("/v1/organizations/" + t.org() + "/members/" + freshMember(t), "{\"status\":\"disabled\"}")));
    routes.add(new Route("DELETE member", "members.manage", 204,
        t -> api.delete("/v1/organizations/" + t.org() + "/members/" + freshMember(t))));
    routes.add(new Route("POST invite", "invites.manage", 201, t -> api.post("/v1/invites/" + t.org(),
        new JsonObject().put("email", "inv-" + System.nanoTime() + "@example.com")
            .put("role", roleFor(t)).encode())));
    routes.add(new Route("GET invites", "invites.manage", 200, t -> api.get("/v1/invites?organizationId=" + t.org())));
    routes.add(new Route("DELETE invite", "invites.manage", 204, t -> api.delete("/v1/invites/" + freshInvite(t))));
    routes.add(new Route("GET permissions (no organization)", null, 200, t -> api.get("/v1/permissions")));
    routes.add(new Route("POST role", "roles.manage", 201, t -> api.post("/v1/roles",
        new JsonObject().put("organizationId", t.org()).put("name", "r" + System.nanoTime())
            .put("permissions", new io.vertx.core.json.JsonArray()).encode())));
    routes.add(new Route("GET roles", "roles.read", 200, t -> api.get("/v1/roles?organizationId=" + t.org())));
    routes.add(new Route("GET role", "roles.read", 200, t -> api.get("/v1/roles/" + freshRole(t))));
    routes.add(new Route("PATCH role", "roles.manage", 200,
        t -> api.patch("/v1/roles/" + freshRole(t), "{\"description\":\"changed\"}")));
    routes.add(new Route("DELETE role", "roles.manage", 204, t -> api.delete("/v1/roles/" + freshRole(t))));
    for (String kind : List.of("teams", "departments")) {
      String read = kind + ".read";
      String manage = kind + ".manage";
      routes.add(new Route("POST " + kind, manage, 201, t -> api.post("/v1/" + kind,
          new JsonObject().put("organizationId", t.org()).put("name", "u" + System.nanoTime()).encode())));
      routes.add(new Route("GET " + kind, read, 200, t -> api.get("/v1/" + kind + "?organizationId=" + t.org())));
      routes.add(new Route("GET one of " + kind, read, 200, t -> api.get("/v1/" + kind + "/" + freshUnit(t, kind))));
      routes.add(new Route("PATCH " + kind, manage, 200,
          t -> api.patch("/v1/" + kind + "/" + freshUnit(t, kind), "{\"description\":\"d\"}")));
      routes.add(new Route("DELETE " + kind, manage, 204, t -> api.delete("/v1/" + kind + "/" + freshUnit(t, kind))));
      routes.add(new Route("POST " + kind + " member", manage, 200, t -> api.post("/v1/" + kind + "/"
          + freshUnit(t, kind) + "/members", new JsonObject().put("userId", t.owner().userId()).encode())));
      routes.add(new Route("DELETE " + kind + " member", manage, 204, t -> {
        String unit = freshUnit(t, kind);
        if (!t.org().equals(suspendedOrg)) {
          api.post("/v1/" + kind + "/" + unit + "/members", new JsonObject().put("userId", t.owner().userId())
              .encode()).bearer(t.owner().accessToken()).send().expect(200);
        }
        return api.delete("/v1/" + kind + "/" + unit + "/members/" + t.owner().userId());
      }));
    }
    routes.add(new Route("GET audit logs", "audit.read", 200, t -> api.get("/v1/audit-logs?organizationId=" + t.org())));
    routes.add(new Route("GET audit verify", "audit.read", 200,
        t -> api.get("/v1/audit-logs/verify?organizationId=" + t.org())));
    routes.add(new Route("POST suspend", "owner", 200, t -> api.post("/v1/organizations/" + t.org() + "/suspend", "{}")));
    return routes;
  }

  /** A role the caller may always grant: the one with no permissions (granting needs no privilege). */
  private static String roleFor(Target t) {
    return t.org().equals(org) ? emptyRole : "member";
  }

  private static String freshRole(Target t) {
    return t.org().equals(suspendedOrg) ? frozen.get("role")
        : orgs.role(t.owner(), t.org(), "fresh" + System.nanoTime(), List.of());
  }

  private static String freshMember(Target t) {
    return t.org().equals(suspendedOrg) ? frozen.get("member")
        : orgs.newMember(t.owner(), t.org(), "member", "target").userId();
  }

  private static String freshInvite(Target t) {
    return t.org().equals(suspendedOrg) ? frozen.get("invite")
        : orgs.invite(t.owner(), t.org(), "rv-" + System.nanoTime() + "@example.com", "member").expect(201).json()
            .getString("id");
  }

  private static String freshUnit(Target t, String kind) {
    return t.org().equals(suspendedOrg) ? frozen.get(kind)
        : orgs.unit(t.owner(), kind, t.org(), "u" + System.nanoTime());
  }

  @TestFactory
  Stream<DynamicTest> everyRouteForEveryCaller() {
    List<DynamicTest> cells = new ArrayList<>();
    for (Route route : routes()) {
      if (route.permission() != null && route.permission().equals("owner")) {
        cells.add(cell(route, "admin", admin, 403, "FORBIDDEN"));
        cells.add(cell(route, "member", member, 403, "FORBIDDEN"));
        cells.add(cell(route, "custom role without", customWithout, 403, "FORBIDDEN"));
        cells.add(cell(route, "admin of another organization", otherOrgOwner, 404, "NOT_FOUND"));
        cells.add(cell(route, "non-member", nonMember, 404, "NOT_FOUND"));
        continue;
      }
      if (route.permission() == null) {
        cells.add(cell(route, "non-member", nonMember, route.success(), null));
        continue;
      }
      boolean read = route.permission().endsWith(".read");
      cells.add(cell(route, "owner", owner, route.success(), null));
      cells.add(cell(route, "admin", admin, route.success(), null));
      cells.add(MEMBER_KEYS.contains(route.permission())
          ? cell(route, "member", member, route.success(), null)
          : cell(route, "member", member, 403, "FORBIDDEN"));
      if (customWith.containsKey(route.permission())) {
        cells.add(cell(route, "custom role with " + route.permission(), customWith.get(route.permission()),
            route.success(), null));
      }
      cells.add(route.permission().equals("organization.read")
          ? cell(route, "custom role without", customWithout, route.success(), null)
          : cell(route, "custom role without", customWithout, 403, "FORBIDDEN"));
      cells.add(cell(route, "admin of another organization", otherOrgOwner, 404, "NOT_FOUND"));
      cells.add(cell(route, "non-member", nonMember, 404, "NOT_FOUND"));
      cells.add(suspendedCell(route, "owner", suspendedOwner, read));
      cells.add(suspendedCell(route, "admin", suspendedAdmin, read));
    }
    return cells.stream();
  }

  private static DynamicTest cell(Route route, String who, SignedIn caller, int status, String code) {
    return DynamicTest.dynamicTest(route.name() + " as " + who + " -> " + status, () -> {
      ApiResult result = route.call().apply(new Target(org, owner)).bearer(caller.accessToken()).send();
      if (code == null) {
        assertEquals(status, result.status(), result::body);
      } else {
        result.expectError(status, code);
      }
    });
  }

  /** A suspended organization is read-only, to everyone. */
  private static DynamicTest suspendedCell(Route route, String who, SignedIn caller, boolean read) {
    return DynamicTest.dynamicTest(route.name() + " as " + who + " of a suspended organization", () -> {
      ApiClient.Call call = route.call().apply(new Target(suspendedOrg, suspendedOwner));
      ApiResult result = call.bearer(caller.accessToken()).send();
      if (read) {
        assertEquals(route.success(), result.status(), result::body);
      } else {
        result.expectError(403, "FORBIDDEN");
      }
    });
  }
}
