package io.coveton.server.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.Browser;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.GitHubDouble;
import io.coveton.server.testing.GitHubDouble.Email;
import io.coveton.server.testing.GitHubDouble.GitHubUser;
import io.coveton.server.testing.NodeProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in with Google against a real OpenID Connect server (mock-oauth2-server) and with GitHub
 * against a local server shaped like GitHub's API, driven by a cookie-keeping client one redirect at
 * a time: start, provider, callback, the app's redirect URI with a one-time code, and the exchange.
 */
class OAuthSignInTest {
  private static final String APP = "https://app.example.com/oauth/done";
  private static final String GOOGLE_CLIENT = "coveton-web";
  private static final String GITHUB_CLIENT = "Iv1.coveton";
  private static final String GITHUB_SECRET = "github-client-secret";
  private static final AtomicLong GITHUB_IDS = new AtomicLong(4_000_000);
  private static final MockOAuth2Server google = startGoogle();
  private static final GitHubDouble github = startGitHub();
  private static final int HTTP_PORT = NodeProcess.freePort();
  private static final String API = "http://127.0.0.1:" + HTTP_PORT;

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_HTTP_PORT", Integer.toString(HTTP_PORT))
      .with("COVETON_HTTP_INSTANCES", "1")
      .with("COVETON_PUBLIC_API_URL", API)
      .with("COVETON_OAUTH_REDIRECT_URIS", APP + ",https://app.example.com/other")
      .with("COVETON_OUTBOX_POLL_MILLIS", "20")
      .with("COVETON_OAUTH_GOOGLE_CLIENT_ID", GOOGLE_CLIENT)
      .with("COVETON_OAUTH_GOOGLE_CLIENT_SECRET", "google-client-secret")
      .with("COVETON_OAUTH_GOOGLE_AUTHORIZATION_URL", google.authorizationEndpointUrl("google").toString())
      .with("COVETON_OAUTH_GOOGLE_TOKEN_URL", google.tokenEndpointUrl("google").toString())
      .with("COVETON_OAUTH_GOOGLE_JWKS_URL", google.jwksUrl("google").toString())
      .with("COVETON_OAUTH_GOOGLE_ISSUER", google.issuerUrl("google").toString())
      .with("COVETON_OAUTH_GITHUB_CLIENT_ID", GITHUB_CLIENT)
      .with("COVETON_OAUTH_GITHUB_CLIENT_SECRET", GITHUB_SECRET)
      .with("COVETON_OAUTH_GITHUB_AUTHORIZATION_URL", github.baseUrl() + "/login/oauth/authorize")
      .with("COVETON_OAUTH_GITHUB_TOKEN_URL", github.baseUrl() + "/login/oauth/access_token")
      .with("COVETON_OAUTH_GITHUB_API_URL", github.baseUrl());

  private final ApiClient api = server.api();
  private final Accounts accounts = server.accounts();

  private static MockOAuth2Server startGoogle() {
    MockOAuth2Server mock = new MockOAuth2Server();
    try {
      mock.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return mock;
  }

  private static GitHubDouble startGitHub() {
    try {
      return new GitHubDouble(GITHUB_CLIENT, GITHUB_SECRET);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopProviders() {
    google.shutdown();
    github.close();
  }

  @AfterEach
  void githubWasCalledAsDocumented() {
    assertEquals(List.of(), github.violations());
  }

  @Test
  void aFirstGoogleSignInCreatesAVerifiedAccountWithoutPasswordAndItsCodeWorksOnce() throws Exception {
    String email = Accounts.uniqueEmail("grace");
    String subject = googleUser(email, true, "Grace Hopper");
    Browser browser = new Browser();

    HttpResponse<String> started = browser.get(start("google", APP));
    assertEquals(302, started.statusCode(), started.body());
    String authorize = started.headers().firstValue("Location").orElseThrow();
    assertTrue(authorize.startsWith(google.authorizationEndpointUrl("google").toString()), authorize);
    Map<String, String> request = GitHubDouble.query(authorize);
    assertEquals("code", request.get("response_type"));
    assertEquals(GOOGLE_CLIENT, request.get("client_id"));
    assertEquals(API + "/v1/auth/oauth/google/callback", request.get("redirect_uri"));
    assertTrue(request.get("scope").contains("openid") && request.get("scope").contains("email"));
    assertEquals("S256", request.get("code_challenge_method"));
    assertEquals(43, request.get("code_challenge").length());
    assertTrue(request.get("state").length() >= 43 && request.get("nonce").length() >= 43);
    String setCookie = started.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.toLowerCase().contains("httponly") && setCookie.contains("SameSite=Lax")
        && setCookie.contains("Path=/v1/auth/oauth/") && setCookie.contains("Max-Age=600"), setCookie);
    assertFalse(setCookie.contains(request.get("state")), "the cookie is sealed, not the bare state");

    String back = browser.followUntil(authorize, APP);
    Map<String, String> result = GitHubDouble.query(back);
    assertNull(result.get("error"), back);
    String code = result.get("code");
    assertTrue(code.startsWith("oac_"), back);

    JsonObject tokens = exchange(code).expect(200).json();
    JsonObject user = tokens.getJsonObject("user");
    assertEquals(email, user.getString("email"));
    assertEquals("Grace Hopper", user.getString("displayName"));
    assertTrue(user.getBoolean("emailVerified"));
    String access = tokens.getString("accessToken");
    assertEquals(user.getString("id"), api.get("/v1/auth/me").bearer(access).send().expect(200).json().getString("id"));
    JsonArray identities = api.get("/v1/users/me/identities").bearer(access).send().expect(200).array();
    assertEquals(1, identities.size());
    assertEquals("google", identities.getJsonObject(0).getString("provider"));
    assertEquals(email, identities.getJsonObject(0).getString("email"));

    JsonObject reused = exchange(code).expectError(422, "VALIDATION");
    assertEquals("code", reused.getJsonArray("details").getJsonObject(0).getString("path"));
    // an account made by a provider has no password to log in with
    api.post("/v1/auth/login", new JsonObject().put("email", email).put("password", Accounts.PASSWORD).encode())
        .send().expectError(401, "UNAUTHORIZED");

    // signing in again is the same account, and a new session noticed as a sign-in
    googleUser(email, true, "Grace Hopper", subject);
    JsonObject again = exchange(signIn(new Browser(), "google")).expect(200).json();
    assertEquals(user.getString("id"), again.getJsonObject("user").getString("id"));
    assertNotEquals(access, again.getString("accessToken"));
    await().atMost(Duration.ofSeconds(10)).until(() -> types(access).contains("new_sign_in"));
    assertEquals(2, api.get("/v1/sessions").bearer(access).send().expect(200).array().size());
  }

  @Test
  void aGoogleSignInWithThePasswordAccountsEmailLinksToItAndDropsAPasswordNobodyProvedTheMailboxFor()
      throws Exception {
    Accounts.SignedIn registered = accounts.register("squatted");
    new io.coveton.server.testing.Messaging(api).registerDevice(registered, "squatter's phone");
    googleUser(registered.email(), true, "Real Owner");
    JsonObject tokens = exchange(signIn(new Browser(), "google")).expect(200).json();
    assertEquals(registered.userId(), tokens.getJsonObject("user").getString("id"));
    assertTrue(tokens.getJsonObject("user").getBoolean("emailVerified"));

    // whoever registered the address first is out: sessions revoked, password gone
    api.get("/v1/auth/me").bearer(registered.accessToken()).send().expectError(401, "UNAUTHORIZED");
    api.post("/v1/auth/login", new JsonObject().put("email", registered.email()).put("password", Accounts.PASSWORD)
        .encode()).send().expectError(401, "UNAUTHORIZED");
    String access = tokens.getString("accessToken");
    assertEquals(0, api.get("/v1/users/" + registered.userId() + "/devices").bearer(access).send().expect(200).array()
        .size(), "the squatter's devices no longer receive envelopes");
    await().atMost(Duration.ofSeconds(10)).until(() -> types(access).contains("identity_linked"));
    JsonObject linked = notification(access, "identity_linked");
    assertEquals("google", linked.getJsonObject("data").getString("provider"));
    assertTrue(linked.getJsonObject("data").getBoolean("passwordRemoved"));
  }

  @Test
  void anUnverifiedGoogleEmailIsRefusedAndCreatesNothing() throws Exception {
    String email = Accounts.uniqueEmail("unverified");
    googleUser(email, false, "Nobody");
    Map<String, String> result = GitHubDouble.query(new Browser().followUntil(start("google", APP), APP));
    assertEquals("email_not_verified", result.get("error"));
    assertTrue(result.get("message").contains("verified"), result.get("message"));
    assertNull(result.get("code"));
    assertNoAccount(email);
  }

  @Test
  void aStateIsSingleUseAndOnlyCountsInTheBrowserThatStartedTheSignIn() throws Exception {
    String email = Accounts.uniqueEmail("csrf");
    // one queued Google user: only a callback that gets through to the token endpoint takes it
    googleUser(email, true, "Target");
    Browser starter = new Browser();
    String authorize = starter.get(start("google", APP)).headers().firstValue("Location").orElseThrow();
    String callback = starter.get(authorize).headers().firstValue("Location").orElseThrow();
    assertTrue(callback.startsWith(API + "/v1/auth/oauth/google/callback?"), callback);
    List<HttpCookie> cookie = List.copyOf(starter.cookies().getCookieStore().getCookies());

    // the callback URL opened in another browser (login CSRF): refused, nothing created
    HttpResponse<String> elsewhere = new Browser().get(callback);
    assertEquals(400, elsewhere.statusCode());
    assertEquals("BAD_REQUEST", new JsonObject(elsewhere.body()).getJsonObject("error").getString("code"));
    assertNoAccount(email);
    // a forged state with the right cookie
    assertEquals(400, starter.get(callback.replaceAll("state=[^&]+", "state=" + "A".repeat(43))).statusCode());
    assertNoAccount(email);

    // the state survived both: the browser that started gets its code, once
    cookie.forEach(c -> starter.cookies().getCookieStore().add(java.net.URI.create(API), c));
    HttpResponse<String> first = starter.get(callback);
    assertEquals(302, first.statusCode(), first.body());
    assertTrue(first.headers().firstValue("Location").orElseThrow().startsWith(APP + "?code=oac_"));
    cookie.forEach(c -> starter.cookies().getCookieStore().add(java.net.URI.create(API), c));
    HttpResponse<String> replayed = starter.get(callback);
    assertEquals(400, replayed.statusCode(), replayed.body());

    // a tampered cookie is not one this server sealed
    Browser tampered = new Browser();
    String authorizeAgain = tampered.get(start("google", APP)).headers().firstValue("Location").orElseThrow();
    HttpCookie sealed = tampered.cookies().getCookieStore().getCookies().get(0);
    sealed.setValue(sealed.getValue().substring(0, sealed.getValue().length() - 2) + "AA");
    String tamperedCallback = tampered.get(authorizeAgain).headers().firstValue("Location").orElseThrow();
    assertEquals(400, tampered.get(tamperedCallback).statusCode());
  }

  @Test
  void anAppThatSentACodeChallengeMustShowItsVerifierToExchangeTheCode() throws Exception {
    String verifier = "app-verifier-" + "v".repeat(40);
    String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String email = Accounts.uniqueEmail("pkceApp");
    String subject = googleUser(email, true, "Pat");
    String code = GitHubDouble.query(new Browser().followUntil(start("google", APP) + "&codeChallenge=" + challenge, APP))
        .get("code");
    JsonObject refused = exchange(code).expectError(422, "VALIDATION");
    assertEquals("codeVerifier", refused.getJsonArray("details").getJsonObject(0).getString("path"));
    exchange(code, verifier).expectError(422, "VALIDATION"); // spent by the failed try

    googleUser(email, true, "Pat", subject);
    String next = GitHubDouble.query(new Browser().followUntil(start("google", APP) + "&codeChallenge=" + challenge, APP))
        .get("code");
    exchange(next, "x".repeat(43)).expectError(422, "VALIDATION");
    googleUser(email, true, "Pat", subject);
    String third = GitHubDouble.query(new Browser().followUntil(start("google", APP) + "&codeChallenge=" + challenge, APP))
        .get("code");
    assertEquals(email, exchange(third, verifier).expect(200).json().getJsonObject("user").getString("email"));
    api.get("/v1/auth/oauth/google?redirectUri=" + URLEncoder.encode(APP, StandardCharsets.UTF_8) + "&codeChallenge=short")
        .send().expectError(400, "BAD_REQUEST");
  }

  @Test
  void theRedirectUriMustBeOnTheAllowlist() throws Exception {
    for (String redirect : List.of("https://evil.example.com/oauth/done", "https://app.example.com.evil.com/oauth/done",
        "https://app.example.com/oauth/doneX", "http://app.example.com/oauth/done", "https://app.example.com:444/oauth/done",
        "https://user@app.example.com/oauth/done", "https://app.example.com/oauth/done#fragment", "javascript:alert(1)",
        "/oauth/done", "https://app.example.com/oauth/done/../../admin", "https://app.example.com/oauth/done/%2e%2e/admin",
        "https://app.example.com/oauth/done/.%2E/admin", "https://app.example.com/oauth/done/./x",
        "https://app.example.com/oauth/done/%2F..%2Fadmin", "https://app.example.com/oauth/done?code=oac_planted",
        "https://app.example.com/oauth/done?x=1&error=planted")) {
      ApiResult refused = api.get("/v1/auth/oauth/google?redirectUri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8))
          .send();
      JsonObject error = refused.expectError(400, "BAD_REQUEST");
      assertEquals("redirectUri", error.getJsonArray("details").getJsonObject(0).getString("path"), redirect);
      assertNull(refused.header("Set-Cookie"), redirect);
    }
    api.get("/v1/auth/oauth/github").send().expectError(400, "BAD_REQUEST");
    api.get("/v1/auth/oauth/google?redirectUri=" + APP + "&extra=1").send().expectError(400, "BAD_REQUEST");
    // below an entry, with the app's own query, is allowed
    assertEquals(302, new Browser().get(start("google", APP + "/step?from=settings")).statusCode());
    assertEquals(302, new Browser().get(start("github", "https://app.example.com/other")).statusCode());
  }

  @Test
  void aProviderErrorOrABadCodeGoesBackToTheAppAsAnErrorWithoutAnAccount() throws Exception {
    Browser browser = new Browser();
    String authorize = browser.get(start("google", APP)).headers().firstValue("Location").orElseThrow();
    String state = GitHubDouble.query(authorize).get("state");
    HttpResponse<String> denied = browser.get(API + "/v1/auth/oauth/google/callback?error=access_denied&state=" + state);
    assertEquals(302, denied.statusCode());
    assertEquals("access_denied", GitHubDouble.query(denied.headers().firstValue("Location").orElseThrow()).get("error"));

    Browser other = new Browser();
    String authorizeAgain = other.get(start("google", APP)).headers().firstValue("Location").orElseThrow();
    String otherState = GitHubDouble.query(authorizeAgain).get("state");
    HttpResponse<String> badCode = other.get(API + "/v1/auth/oauth/google/callback?code=made-up&state=" + otherState
        + "&scope=openid&authuser=0&prompt=none");
    assertEquals(302, badCode.statusCode());
    assertEquals("provider_error", GitHubDouble.query(badCode.headers().firstValue("Location").orElseThrow()).get("error"));

    exchange("oac_" + "x".repeat(43)).expectError(422, "VALIDATION");
    exchange("").expectError(422, "VALIDATION");
  }

  @Test
  void githubSignsInWithTheVerifiedPrimaryEmailAndRefusesAnUnverifiedOne() throws Exception {
    String email = Accounts.uniqueEmail("octo");
    long id = GITHUB_IDS.incrementAndGet();
    github.signInNext(new GitHubUser(id, "octocat" + id, null, List.of(new Email("old-" + email, false, true),
        new Email(email, true, true))));
    Browser browser = new Browser();
    HttpResponse<String> started = browser.get(start("github", APP));
    Map<String, String> request = GitHubDouble.query(started.headers().firstValue("Location").orElseThrow());
    assertEquals(API + "/v1/auth/oauth/github/callback", request.get("redirect_uri"));
    String back = browser.followUntil(started.headers().firstValue("Location").orElseThrow(), APP);
    JsonObject tokens = exchange(GitHubDouble.query(back).get("code")).expect(200).json();
    assertEquals(email, tokens.getJsonObject("user").getString("email"));
    assertEquals("octocat" + id, tokens.getJsonObject("user").getString("displayName"));

    String unverified = Accounts.uniqueEmail("octo-unverified");
    long other = GITHUB_IDS.incrementAndGet();
    github.signInNext(new GitHubUser(other, "octo" + other, "Octo", List.of(new Email(unverified, true, false))));
    Map<String, String> refused = GitHubDouble.query(new Browser().followUntil(start("github", APP), APP));
    assertEquals("email_not_verified", refused.get("error"));
    assertNoAccount(unverified);

    // a code GitHub does not know: GitHub answers 200 with an error member, the app gets provider_error
    Browser third = new Browser();
    String state = GitHubDouble.query(third.get(start("github", APP)).headers().firstValue("Location").orElseThrow())
        .get("state");
    HttpResponse<String> badCode = third.get(API + "/v1/auth/oauth/github/callback?code=made-up&state=" + state);
    assertEquals("provider_error", GitHubDouble.query(badCode.headers().firstValue("Location").orElseThrow()).get("error"));
  }

  @Test
  void identitiesAreListedPerUserAndTheLastWayToSignInCannotBeUnlinked() throws Exception {
    String email = Accounts.uniqueEmail("linked");
    googleUser(email, true, "Linda");
    JsonObject tokens = exchange(signIn(new Browser(), "google")).expect(200).json();
    String access = tokens.getString("accessToken");
    api.delete("/v1/users/me/identities/google").bearer(access).send().expectError(409, "CONFLICT");

    long id = GITHUB_IDS.incrementAndGet();
    github.signInNext(new GitHubUser(id, "linda" + id, "Linda", List.of(new Email(email, true, true))));
    JsonObject viaGitHub = exchange(signIn(new Browser(), "github")).expect(200).json();
    assertEquals(tokens.getJsonObject("user").getString("id"), viaGitHub.getJsonObject("user").getString("id"));
    JsonArray both = api.get("/v1/users/me/identities").bearer(access).send().expect(200).array();
    assertEquals(List.of("github", "google"), both.stream().map(i -> ((JsonObject) i).getString("provider")).toList());

    // someone else sees none of it and unlinks nothing
    Accounts.SignedIn stranger = accounts.register("stranger");
    assertEquals(0, api.get("/v1/users/me/identities").bearer(stranger.accessToken()).send().expect(200).array().size());
    api.delete("/v1/users/me/identities/google").bearer(stranger.accessToken()).send().expectError(404, "NOT_FOUND");
    api.get("/v1/users/me/identities").send().expectError(401, "UNAUTHORIZED");

    api.delete("/v1/users/me/identities/google").bearer(access).send().expect(204);
    api.delete("/v1/users/me/identities/google").bearer(access).send().expectError(404, "NOT_FOUND");
    api.delete("/v1/users/me/identities/github").bearer(access).send().expectError(409, "CONFLICT");
    assertEquals(1, api.get("/v1/users/me/identities").bearer(access).send().expect(200).array().size());
    await().atMost(Duration.ofSeconds(10)).until(() -> types(access).contains("identity_unlinked"));
    assertEquals("google", notification(access, "identity_unlinked").getJsonObject("data").getString("provider"));
  }

  private static String start(String provider, String redirectUri) {
    return API + "/v1/auth/oauth/" + provider + "?redirectUri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8);
  }

  /** The whole redirect flow in this browser; the one-time code the app receives. */
  private static String signIn(Browser browser, String provider) throws Exception {
    Map<String, String> result = GitHubDouble.query(browser.followUntil(start(provider, APP), APP));
    assertNull(result.get("error"), String.valueOf(result));
    return result.get("code");
  }

  private static String googleUser(String email, boolean verified, String name) {
    return googleUser(email, verified, name, "google-" + UUID.randomUUID());
  }

  private static String googleUser(String email, boolean verified, String name, String subject) {
    google.enqueueCallback(new DefaultOAuth2TokenCallback("google", subject, JOSEObjectType.JWT.getType(), null,
        Map.of("email", email, "email_verified", verified, "name", name), 3600));
    return subject;
  }

  private ApiResult exchange(String code) {
    return api.post("/v1/auth/oauth/exchange", new JsonObject().put("code", code).encode()).send();
  }

  private ApiResult exchange(String code, String codeVerifier) {
    return api.post("/v1/auth/oauth/exchange", new JsonObject().put("code", code).put("codeVerifier", codeVerifier)
        .encode()).send();
  }

  private List<String> types(String access) {
    return api.get("/v1/notifications").bearer(access).send().expect(200).array().stream()
        .map(n -> ((JsonObject) n).getString("type")).toList();
  }

  private JsonObject notification(String access, String type) {
    return api.get("/v1/notifications").bearer(access).send().expect(200).array().stream()
        .map(n -> (JsonObject) n).filter(n -> type.equals(n.getString("type"))).findFirst().orElseThrow();
  }

  private void assertNoAccount(String email) {
    Accounts.SignedIn looker = accounts.register("looker");
    assertEquals(0, api.get("/v1/users/search?q=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
        .bearer(looker.accessToken()).send().expect(200).array().size(), email);
  }
}
