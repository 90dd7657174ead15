package io.coveton.server.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiContract;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation's documented example, sent to the running server as the document prints it,
 * gets one of the operation's documented success statuses (and, through the test client, an
 * answer valid against its schema). The example's ids name nothing here, so each is replaced by
 * an id of the same kind from a small world of real resources; emails, tokens and signatures
 * that only the server or a provider can produce are taken from where they come from.
 */
class DocumentedExamplesTest {
  private static final Pattern ID = Pattern.compile("^(usr|org|chat|dev|msg|file|team|dept|role|inv|we|whd|ses)_[A-Za-z0-9_-]+$");
  private static final String STRIPE_SECRET = "whsec_documented_examples";
  private static final String PAYSTACK_KEY = "sk_test_documented_examples";
  private static final String FLUTTERWAVE_HASH = "flw-hash-documented-examples";
  private static final String METRICS_TOKEN = "metrics-token-for-the-examples";

  /** Operations whose example needs what only another party produces, and the test that replays them there. */
  private static final Map<String, String> REPLAYED_ELSEWHERE = Map.of(
      "resetPassword", "the token is in the mail forgot-password sends: PasswordResetTest",
      "finishGoogleSignIn", "the provider's redirect carries its own code and state: OAuthSignInTest",
      "finishGitHubSignIn", "the provider's redirect carries its own code and state: OAuthSignInTest",
      "exchangeOAuthCode", "the code comes from a finished sign-in: OAuthSignInTest",
      "unlinkIdentity", "needs an identity linked by a finished sign-in: OAuthSignInTest",
      "createCheckout", "opens a checkout at the payment provider: BillingTest",
      "listFileParts", "needs a multipart upload: FilesApiTest",
      "completeFileUpload", "needs the parts' ETags from storage: FilesApiTest",
      "retryWebhookDelivery", "needs a delivery that failed: WebhookDeliveryTest");

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .withManySeats()
      .with("COVETON_METRICS_TOKEN", METRICS_TOKEN)
      .with("COVETON_OAUTH_REDIRECT_URIS", "https://app.example.com/oauth/done")
      .with("COVETON_OAUTH_GOOGLE_CLIENT_ID", "examples.apps.googleusercontent.com")
      .with("COVETON_OAUTH_GOOGLE_CLIENT_SECRET", "google-secret")
      .with("COVETON_OAUTH_GITHUB_CLIENT_ID", "examples-github")
      .with("COVETON_OAUTH_GITHUB_CLIENT_SECRET", "github-secret")
      .with("COVETON_STRIPE_SECRET_KEY", "sk_test_examples")
      .with("COVETON_STRIPE_WEBHOOK_SECRET", STRIPE_SECRET)
      .with("COVETON_PAYSTACK_SECRET_KEY", PAYSTACK_KEY)
      .with("COVETON_FLUTTERWAVE_SECRET_KEY", "FLWSECK_TEST-examples")
      .with("COVETON_FLUTTERWAVE_SECRET_HASH", FLUTTERWAVE_HASH);

  private final ApiContract contract = ApiContract.load();
  private final ApiClient api = server.api();
  /** The world's id of each kind, and of users and devices several, in the order examples name them. */
  private final Map<String, List<String>> ids = new HashMap<>();
  private SignedIn ada;
  private String createdInviteToken;
  private String createdInviteEmail;

  @Test
  void everyDocumentedExampleGetsADocumentedSuccess() throws Exception {
    buildWorld();
    List<String> failures = new ArrayList<>();
    List<String> documented = new ArrayList<>();
    for (ApiContract.Operation op : inReplayOrder(contract.operations())) {
      String operationId = op.node().getString("operationId");
      documented.add(operationId);
      if (REPLAYED_ELSEWHERE.containsKey(operationId)) {
        continue;
      }
      ApiResult result = send(op, operationId);
      List<String> successes = op.node().getJsonObject("responses").fieldNames().stream()
          .filter(s -> s.startsWith("2") || s.startsWith("3")).toList();
      if (!successes.contains(Integer.toString(result.status()))) {
        failures.add(operationId + " (" + op.method() + " " + op.template() + ") answered " + result.status() + " "
            + result.body().substring(0, Math.min(300, result.body().length())));
        continue;
      }
      afterSuccess(operationId, result);
    }
    assertTrue(documented.containsAll(REPLAYED_ELSEWHERE.keySet()), "every exemption names a documented operation");
    assertEquals(List.of(), failures);
  }

  /** Creations first (so later examples find what they name), then the rest, then deletions, last created first. */
  private static List<ApiContract.Operation> inReplayOrder(List<ApiContract.Operation> operations) {
    List<ApiContract.Operation> creates = new ArrayList<>();
    List<ApiContract.Operation> others = new ArrayList<>();
    List<ApiContract.Operation> deletes = new ArrayList<>();
    for (ApiContract.Operation op : operations) {
      if (op.method().equals("DELETE")) {
        deletes.add(0, op);
      } else if (op.node().getJsonObject("responses").containsKey("201")) {
        creates.add(op);
      } else {
        others.add(op);
      }
    }
    List<ApiContract.Operation> ordered = new ArrayList<>(creates);
    ordered.addAll(others);
    ordered.addAll(deletes);
    return ordered;
  }

  private void buildWorld() {
    Accounts accounts = server.accounts();
    Organizations organizations = new Organizations(api);
    Messaging messaging = new Messaging(api);
    ada = accounts.register("ada");
    String org = organizations.create(ada, "Examples");
    SignedIn bob = organizations.newMember(ada, org, "member", "bob");
    SignedIn carol = organizations.newMember(ada, org, "member", "carol");
    String adaDevice = messaging.registerDevice(ada, "ada-phone");
    String bobDevice = messaging.registerDevice(bob, "bob-phone");
    String chat = api.post("/v1/chats", new JsonObject().put("type", "group").put("name", "Examples")
            .put("organizationId", org).put("participantIds", new JsonArray().add(bob.userId())).encode())
        .bearer(ada.accessToken()).send().expect(201).json().getString("id");
    String message = messaging.send(ada, Messaging.message(chat, "b3BhcXVl", List.of(adaDevice, bobDevice)))
        .expect(201).json().getString("id");
    String pendingInvite = organizations.invite(ada, org, Accounts.uniqueEmail("frank"), "member").expect(201)
        .json().getString("id");
    // Bob's device has keys up, from the upload example itself, so that bundles of it can be taken
    ApiContract.Operation keyUpload = contract.find("PUT", "/v1/devices/x/keys").orElseThrow();
    api.put("/v1/devices/" + bobDevice + "/keys", contract.requestExample(keyUpload).encode())
        .bearer(bob.accessToken()).send().expect(200);
    String otherSession = accounts.login(ada.email()).refreshToken();
    String sessionId = api.get("/v1/sessions").bearer(ada.accessToken()).send().expect(200).array().stream()
        .map(JsonObject.class::cast).filter(s -> !s.getBoolean("current", false)).findFirst().orElseThrow().getString("id");
    ids.put("usr", List.of(bob.userId(), carol.userId()));
    ids.put("org", List.of(org));
    ids.put("dev", List.of(adaDevice, bobDevice));
    ids.put("chat", List.of(chat));
    ids.put("msg", List.of(message));
    ids.put("inv", List.of(pendingInvite));
    ids.put("ses", List.of(sessionId));
    assertTrue(otherSession.startsWith("rt_"));
  }

  private ApiResult send(ApiContract.Operation op, String operationId) throws Exception {
    Map<String, String> replaced = new HashMap<>();
    Map<String, Integer> used = new HashMap<>();
    JsonObject node = op.node();
    String path = op.template();
    StringBuilder query = new StringBuilder();
    boolean idempotent = false;
    JsonArray parameters = contract.document().getJsonObject("paths").getJsonObject(op.template())
        .getJsonArray("parameters", new JsonArray()).copy().addAll(node.getJsonArray("parameters", new JsonArray()));
    for (Object p : parameters) {
      JsonObject parameter = contract.resolve((JsonObject) p);
      String name = parameter.getString("name");
      Object example = parameter.getValue("example");
      switch (parameter.getString("in")) {
        case "path" -> path = path.replace("{" + name + "}",
            example != null ? (String) substitute(example, replaced, used, operationId) : pathId(op.template(), name));
        case "query" -> {
          if (example != null) {
            query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
                .append(URLEncoder.encode(String.valueOf(substitute(example, replaced, used, operationId)), StandardCharsets.UTF_8));
          }
        }
        case "header" -> idempotent |= name.equals("Idempotency-Key");
        default -> { }
      }
    }
    Object body = contract.requestExample(op);
    if (body != null) {
      body = substitute(body, replaced, used, operationId);
      body = specialise(operationId, (JsonObject) body);
    }
    String json = body == null ? null : ((JsonObject) body).encode();
    ApiClient.Call call = switch (op.method()) {
      case "GET" -> api.get(path + query);
      case "DELETE" -> api.delete(path + query);
      case "POST" -> json == null ? api.call("POST", path + query) : api.post(path + query, json);
      case "PATCH" -> api.patch(path + query, json);
      case "PUT" -> api.put(path + query, json);
      default -> throw new IllegalStateException(op.method());
    };
    JsonArray security = node.getJsonArray("security");
    if (security == null || !security.isEmpty()) {
      boolean metrics = security != null && security.encode().contains("metricsToken");
      call.bearer(metrics ? METRICS_TOKEN : callerToken(operationId));
    }
    if (idempotent) {
      call.header("Idempotency-Key", UUID.randomUUID().toString());
    }
    if (json != null) {
      signIfPaymentWebhook(operationId, json, call);
    }
    return call.send();
  }

  /** The example's ids, replaced by the world's of the same kind (the n-th user of the example by the n-th user). */
  private Object substitute(Object value, Map<String, String> replaced, Map<String, Integer> used, String operationId) {
    if (value instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      object.forEach(e -> out.put(e.getKey(), substitute(e.getValue(), replaced, used, operationId)));
      return out;
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(v -> out.add(substitute(v, replaced, used, operationId)));
      return out;
    }
    if (value instanceof String text) {
      Matcher id = ID.matcher(text);
      if (id.matches() && ids.containsKey(id.group(1))) {
        return replaced.computeIfAbsent(text, t -> {
          List<String> ofKind = ids.get(id.group(1));
          int n = used.merge(id.group(1), 1, Integer::sum) - 1;
          // adding a participant: the example names someone not yet in the chat
          if (operationId.equals("addChatParticipants") && id.group(1).equals("usr")) {
            return ofKind.get(1);
          }
          // a user's device: Bob's (the first user) is the second device
          if (operationId.equals("getPreKeyBundle") && id.group(1).equals("dev")) {
            return ofKind.get(1);
          }
          return ofKind.get(Math.min(n, ofKind.size() - 1));
        });
      }
    }
    return value;
  }

  private String pathId(String template, String name) {
    String kind = switch (name) {
      case "userId" -> "usr";
      case "organizationId" -> "org";
      case "deliveryId" -> "whd";
      case "deviceId" -> "dev";
      default -> {
        String[] segments = template.substring(0, template.indexOf("{" + name + "}")).split("/");
        yield switch (segments[segments.length - 1]) {
          case "chats" -> "chat";
          case "messages" -> "msg";
          case "devices" -> "dev";
          case "files" -> "file";
          case "teams" -> "team";
          case "departments" -> "dept";
          case "roles" -> "role";
          case "invites" -> "inv";
          case "sessions" -> "ses";
          case "webhook-endpoints" -> "we";
          case "organizations" -> "org";
          default -> throw new IllegalStateException("no id kind for " + template);
        };
      }
    };
    List<String> ofKind = ids.get(kind);
    assertTrue(ofKind != null, "the world has no " + kind + " for " + template);
    // a chat's participant to remove is the one its example added; a user's device is Bob's
    boolean second = kind.equals("usr") && template.startsWith("/v1/chats/")
        || kind.equals("dev") && template.startsWith("/v1/users/{userId}/devices/");
    return second ? ofKind.get(1) : ofKind.get(0);
  }

  /** What no example can know: fresh addresses, real credentials, the chat's devices. */
  private JsonObject specialise(String operationId, JsonObject body) {
    switch (operationId) {
      case "register" -> body.put("email", Accounts.uniqueEmail("example")).put("handle", "h" + System.nanoTime());
      case "login" -> body.put("email", ada.email()).put("password", Accounts.PASSWORD);
      case "forgotPassword" -> body.put("email", ada.email());
      case "refreshTokens", "logout" -> body.put("refreshToken", server.accounts().login(ada.email()).refreshToken());
      case "createInvite" -> {
        createdInviteEmail = Accounts.uniqueEmail("erin");
        body.put("email", createdInviteEmail);
      }
      case "acceptInvite" -> body.put("token", createdInviteToken);
      case "createRole", "createTeam", "createDepartment" -> body.put("name", body.getString("name") + "-" + System.nanoTime());
      case "sendMessage", "editMessage" -> body.put("envelopes", envelopesForTheChat(body.getJsonArray("envelopes")));
      case "updateMe" -> body.put("handle", "h" + System.nanoTime());
      case "markNotificationsRead" -> body.put("ids", adasNotifications());
      default -> { }
    }
    return body;
  }

  /** Ada's notifications (her second sign-in made one), as the ids to mark read. */
  private JsonArray adasNotifications() {
    JsonArray found = new JsonArray();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
      api.get("/v1/notifications").bearer(ada.accessToken()).send().expect(200).array()
          .forEach(n -> found.add(((JsonObject) n).getString("id")));
      return !found.isEmpty();
    });
    return found;
  }

  /** One envelope, shaped like the example's first, per device of the chat now. */
  private JsonArray envelopesForTheChat(JsonArray example) {
    JsonObject chat = api.get("/v1/chats/" + ids.get("chat").get(0)).bearer(ada.accessToken()).send().expect(200).json();
    JsonArray envelopes = new JsonArray();
    for (Object participant : chat.getJsonArray("participants")) {
      for (Object device : ((JsonObject) participant).getJsonArray("devices", new JsonArray())) {
        envelopes.add(example.getJsonObject(0).copy().put("deviceId", ((JsonObject) device).getString("id")));
      }
    }
    return envelopes;
  }

  private String callerToken(String operationId) {
    if (operationId.equals("acceptInvite")) {
      return server.accounts().registerWithEmail(createdInviteEmail).accessToken();
    }
    if (operationId.equals("leaveOrganization")) {
      return new Organizations(api).newMember(ada, ids.get("org").get(0), "member", "leaver").accessToken();
    }
    return ada.accessToken();
  }

  private void afterSuccess(String operationId, ApiResult result) throws Exception {
    JsonObject answer = result.body().startsWith("{") ? result.json() : null;
    if (answer == null) {
      return;
    }
    switch (operationId) {
      case "createInvite" -> createdInviteToken = answer.getString("token");
      case "presignFileUpload" -> upload(answer);
      default -> { }
    }
    Matcher id = ID.matcher(answer.getString("id", answer.getString("fileId", "")));
    if (id.matches() && !List.of("usr", "org", "dev", "chat", "msg", "inv", "ses").contains(id.group(1))) {
      ids.put(id.group(1), List.of(id.group())); // later examples of this kind use what was created
    }
  }

  /** PUT the file's bytes to storage as the presign answer says, so that its download example works. */
  private void upload(JsonObject presigned) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    presigned.getJsonObject("headers", new JsonObject()).forEach(h -> headers.put(h.getKey(), String.valueOf(h.getValue())));
    int size = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(presigned.getString("uploadUrl")))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[size]));
    headers.forEach((name, value) -> {
      if (!name.equalsIgnoreCase("Content-Length")) {
        put.header(name, value);
      }
    });
    int status = HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    assertEquals(200, status, "the upload to storage");
  }

  private void signIfPaymentWebhook(String operationId, String json, ApiClient.Call call) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    switch (operationId) {
      case "receiveStripeWebhook" -> {
        long t = Instant.now().getEpochSecond();
        call.header("Stripe-Signature", "t=" + t + ",v1=" + HexFormat.of().formatHex(
            hmac("HmacSHA256", STRIPE_SECRET, (t + "." + json).getBytes(StandardCharsets.UTF_8))));
      }
      case "receivePaystackWebhook" -> call.header("x-paystack-signature",
          HexFormat.of().formatHex(hmac("HmacSHA512", PAYSTACK_KEY, body)));
      case "receiveFlutterwaveWebhook" -> call.header("verif-hash", FLUTTERWAVE_HASH)
          .header("flutterwave-signature", Base64.getEncoder().encodeToString(hmac("HmacSHA256", FLUTTERWAVE_HASH, body)));
      default -> { }
    }
  }

  private static byte[] hmac(String algorithm, String key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
    return mac.doFinal(data);
  }
}
