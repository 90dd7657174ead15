package io.coveton.server.organizations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route of the router's own table, called by a stranger with the ids of another user's and
 * another organization's resources: the answer must be the one a well-formed id naming nothing gets
 * (so the resource's existence does not show), or 403 where the resource is visible; a success only
 * where nothing succeeds alike (the caller's own scope, which ignores the ids). A route added later is in the table, so it is checked without anyone listing it here; a
 * path parameter of a kind this test has no resource for fails the test until one is added.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();
  private static final Pattern PARAM = Pattern.compile("/([a-z-]+)/:([A-Za-z]+)");
  /** Routes whose resource every signed-in user may read: public keys must be fetchable to encrypt. */
  private static final List<String> READABLE_BY_ANYONE = List.of("GET /v1/users/:userId/devices");

  private ApiClient api;
  private final Map<String, String> owned = new LinkedHashMap<>();
  private SignedIn owner;
  private SignedIn stranger;
  private String strangerDevice;
  private String inviteToken;

  @BeforeAll
  void anotherUsersWorld() {
    api = server.api();
    Messaging messaging = new Messaging(api);
    Organizations orgs = new Organizations(api);
    owner = server.accounts().register("matrixOwner");
    String ownerDevice = messaging.registerDevice(owner, "phone");
    String org = orgs.create(owner, "Owner's org");
    SignedIn colleague = orgs.newMember(owner, org, "member", "matrixColleague");
    String colleagueDevice = messaging.registerDevice(colleague, "phone");
    String chat = messaging.direct(owner, colleague);
    String message = messaging.send(owner, Messaging.message(chat, "aGk=", List.of(ownerDevice, colleagueDevice))).expect(201)
        .json().getString("id");
    JsonObject invite = orgs.invite(owner, org, io.coveton.server.testing.Accounts.uniqueEmail("invited"), "member")
        .expect(201).json();
    inviteToken = invite.getString("token");
    owned.put("chats", chat);
    owned.put("messages", message);
    owned.put("devices", ownerDevice);
    owned.put("sessions", sessionOf(owner.accessToken()));
    owned.put("organizations", org);
    owned.put("invites", invite.getString("id"));
    owned.put("roles", orgs.role(owner, org, "auditor", List.of("audit.read")));
    owned.put("teams", orgs.unit(owner, "teams", org, "Team"));
    owned.put("departments", orgs.unit(owner, "departments", org, "Department"));
    owned.put("users", owner.userId());
    owned.put("files", api.post("/v1/files/presign", new JsonObject().put("filename", "f").put("contentType",
        "application/octet-stream").put("size", 10).put("chatId", chat).encode()).bearer(owner.accessToken()).send()
        .expect(201).json().getString("fileId"));
    String hook = api.post("/v1/webhook-endpoints", new JsonObject().put("organizationId", org)
        .put("url", "https://hooks.example.com/x").put("events", new io.vertx.core.json.JsonArray().add("*")).encode())
        .bearer(owner.accessToken()).send().expect(201).json().getString("id");
    owned.put("webhook-endpoints", hook);
    owned.put("deliveries", "whd_" + "1".repeat(26));
    // identities are always the caller's own (/users/me/...): a provider name is all a stranger can give
    owned.put("identities", "google");
    owned.put("userId", colleague.userId());
    stranger = server.accounts().register("matrixStranger");
    strangerDevice = messaging.registerDevice(stranger, "phone");
  }

  @Test
  void aStrangerCannotTellAnotherUsersResourcesFromNothingNorChangeThem() {
    List<String> routes = server.restRoutes().stream().filter(route -> route.split(" ")[1].startsWith("/v1/")).toList();
    assertTrue(routes.size() > 40, "the route table: " + routes);
    List<String> failures = new ArrayList<>();
    for (String route : routes) {
      String method = route.split(" ")[0];
      String template = route.split(" ")[1];
      String theirs = substitute(template, false);
      String nothing = substitute(template, true);
      for (String query : queriesFor(template)) {
        ApiResult onTheirs = call(method, theirs + query.replace("{org}", owned.get("organizations")), theirBody());
        ApiResult onNothing = call(method, nothing + query.replace("{org}", unknown(owned.get("organizations"))),
            nothingBody());
        String verdict = verdict(route, onTheirs, onNothing);
        if (verdict != null) {
          failures.add(route + query + ": " + verdict);
        }
      }
    }
    assertEquals(List.of(), failures);
    theOwnersWorldIsIntact();
  }

  private String verdict(String route, ApiResult onTheirs, ApiResult onNothing) {
    onTheirs.expectNoInternals();
    if (READABLE_BY_ANYONE.contains(route)) {
      return onTheirs.status() == 200 ? null : "a public read answered " + onTheirs.status();
    }
    if (onTheirs.status() < 300) {
      // the caller's own scope (its chats, a new organization of its own) answers alike whatever the ids
      return onNothing.status() == onTheirs.status() ? null
          : "a stranger succeeded (" + onTheirs.status() + ") where nothing answers " + onNothing.status() + ": "
              + onTheirs.body();
    }
    if (onTheirs.status() == 403) {
      return null;
    }
    if (onTheirs.status() != onNothing.status() || !code(onTheirs).equals(code(onNothing))) {
      return "another's resource answered " + onTheirs.status() + " " + code(onTheirs) + ", nothing answered "
          + onNothing.status() + " " + code(onNothing);
    }
    return null;
  }

  /** A body naming the owner's resources in every field that refers to one (and valid otherwise). */
  private String theirBody() {
    return body(owned.get("chats"), owned.get("organizations"), inviteToken);
  }

  private String nothingBody() {
    return body(unknown(owned.get("chats")), unknown(owned.get("organizations")), "it_" + randomSuffix());
  }

  private String body(String chat, String org, String token) {
    return new JsonObject().put("chatId", chat).put("organizationId", org).put("token", token)
        .put("contentType", "text/plain").put("ciphertext", "aGk=")
        .put("envelopes", new JsonArray().add(new JsonObject().put("deviceId", owned.get("devices")).put("header", "h")))
        .put("name", "renamed").put("role", "admin").put("status", "disabled").put("reaction", "+1")
        .put("userId", stranger.userId()).put("userIds", new JsonArray().add(stranger.userId()))
        .put("email", io.coveton.server.testing.Accounts.uniqueEmail("matrix")).put("permissions", new JsonArray())
        .encode();
  }

  private ApiResult call(String method, String path, String body) {
    ApiClient.Call call = switch (method) {
      case "GET" -> api.get(path);
      case "DELETE" -> api.delete(path);
      case "POST" -> api.post(path, body);
      case "PATCH" -> api.patch(path, body);
      case "PUT" -> api.call("PUT", path);
      default -> throw new IllegalStateException("no client for " + method);
    };
    return call.bearer(stranger.accessToken()).header("X-Device-Id", strangerDevice).send();
  }

  /** Routes without an id in the path may take one in the query: try the owner's organization there. */
  private static List<String> queriesFor(String template) {
    return template.contains("/:") ? List.of("") : List.of("", "?organizationId={org}");
  }

  private String substitute(String template, boolean nothing) {
    Matcher matcher = PARAM.matcher(template);
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      String collection = matcher.group(1);
      String param = matcher.group(2);
      String id = param.equals("userId") ? owned.get("userId")
          : param.equals("organizationId") ? owned.get("organizations") : owned.get(collection);
      if (id == null) {
        fail("no resource of another user for :" + param + " in " + template + "; add one to this test");
      }
      matcher.appendReplacement(path, "/" + collection + "/" + (nothing ? unknown(id) : id));
    }
    matcher.appendTail(path);
    return path.toString();
  }

  private void theOwnersWorldIsIntact() {
    assertEquals(1, api.get("/v1/chats/" + owned.get("chats") + "/messages").bearer(owner.accessToken()).send()
        .expect(200).array().size());
    assertTrue(api.get("/v1/devices").bearer(owner.accessToken()).send().expect(200).array().stream()
        .anyMatch(d -> ((JsonObject) d).getString("id").equals(owned.get("devices"))));
    JsonObject org = api.get("/v1/organizations/" + owned.get("organizations")).bearer(owner.accessToken()).send()
        .expect(200).json();
    assertEquals("active", org.getString("status"));
    assertFalse(org.getString("name").equals("renamed"));
    api.get("/v1/roles/" + owned.get("roles")).bearer(owner.accessToken()).send().expect(200);
  }

  private static String code(ApiResult result) {
    try {
      return result.json().getJsonObject("error").getString("code");
    } catch (RuntimeException notAnEnvelope) {
      return "(no envelope: " + result.body() + ")";
    }
  }

  /** A well-formed id of the same kind that names nothing. */
  private static String unknown(String id) {
    int underscore = id.indexOf('_');
    return id.substring(0, underscore + 1) + randomSuffix();
  }

  private static String randomSuffix() {
    StringBuilder suffix = new StringBuilder();
    SecureRandom random = new SecureRandom();
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 26; i++) {
      suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return suffix.toString();
  }

  private static String sessionOf(String accessToken) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]))).getString("sid");
  }
}
