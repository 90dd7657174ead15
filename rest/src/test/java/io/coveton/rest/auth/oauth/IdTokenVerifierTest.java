package io.coveton.rest.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The ID-token rules, with keys of the test's own and a movable clock. */
class IdTokenVerifierTest {
  private static final String ISSUER = "https://accounts.example.com";
  private static final String CLIENT = "client-1";
  private static final String NONCE = "n-0S6_WzA2Mj";
  private final KeyPair first = rsa();
  private final KeyPair second = rsa();
  private final AtomicReference<JsonObject> published = new AtomicReference<>(jwks("k1", first));
  private final AtomicInteger fetches = new AtomicInteger();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T12:00:00Z"));
  private final IdTokenVerifier verifier = new IdTokenVerifier(() -> {
    fetches.incrementAndGet();
    return Future.succeededFuture(published.get());
  }, Set.of(ISSUER), CLIENT, clock);

  @Test
  void aTokenSignedByAPublishedKeyForThisClientAndSignInPasses() throws Exception {
    JsonObject claims = verify(token("k1", first, claims())).result();
    assertEquals("user-1", claims.getString("sub"));
  }

  @Test
  void aTokenIsRefusedForEachBrokenRule() throws Exception {
    assertRefused(token("k1", second, claims()), "bad signature");
    assertRefused(token("k1", first, claims().put("aud", "someone-else")), "another client");
    assertRefused(token("k1", first, claims().put("aud", new JsonArray().add(CLIENT).add("other"))), "another client");
    assertRefused(token("k1", first, claims().put("iss", "https://evil.example.com")), "someone else");
    assertRefused(token("k1", first, claims().put("nonce", "another-sign-in")), "nonce");
    JsonObject noNonce = claims();
    noNonce.remove("nonce");
    assertRefused(token("k1", first, noNonce), "nonce");
    assertRefused(token("k1", first, claims().put("exp", clock.instant().minus(Duration.ofMinutes(2)).getEpochSecond())),
        "expired");
    assertRefused(token("k1", first, claims().put("iat", clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond())),
        "future");
    assertRefused(unsigned(claims()), "RS256");
    assertRefused(token("k1", first, claims().put("azp", "someone-else")), "another client");
    JsonObject noIat = claims();
    noIat.remove("iat");
    assertRefused(token("k1", first, noIat), "issue time");
    String hs256 = b64(new JsonObject().put("alg", "HS256").put("kid", "k1").encode()) + "." + b64(claims().encode())
        + ".c2lnbmF0dXJl";
    assertRefused(hs256, "RS256");
    assertRefused("not-a-jwt", "signed JWT");
    // several audiences are fine when this client is the authorized party
    verify(token("k1", first, claims().put("aud", new JsonArray().add(CLIENT).add("other")).put("azp", CLIENT)))
        .result();
  }

  @Test
  void aKeyItDoesNotKnowMakesItFetchTheKeysAgainButAtMostOnceAMinute() throws Exception {
    verify(token("k1", first, claims())).result();
    assertEquals(1, fetches.get());
    published.set(jwks("k2", second));
    // rotated within the minute: not fetched again, refused
    assertRefused(token("k2", second, claims()), "does not publish");
    assertEquals(1, fetches.get());
    clock.advance(Duration.ofSeconds(61));
    verify(token("k2", second, claims())).result();
    assertEquals(2, fetches.get());
    verify(token("k2", second, claims())).result();
    assertEquals(2, fetches.get(), "a known key is used from memory");
  }

  private Future<JsonObject> verify(String token) {
    Future<JsonObject> result = verifier.verify(token, NONCE);
    assertTrue(result.isComplete());
    if (result.failed()) {
      throw new AssertionError("refused: " + result.cause().getMessage());
    }
    return result;
  }

  private void assertRefused(String token, String because) {
    Future<JsonObject> result = verifier.verify(token, NONCE);
    assertTrue(result.failed(), "accepted: " + token);
    assertInstanceOf(SignInRefused.class, result.cause());
    if (because != null) {
      assertTrue(result.cause().getMessage().contains(because), result.cause().getMessage());
    }
  }

  private JsonObject claims() {
    long now = clock.instant().getEpochSecond();
    return new JsonObject().put("iss", ISSUER).put("aud", CLIENT).put("sub", "user-1").put("nonce", NONCE)
        .put("iat", now).put("exp", now + 3600).put("email", "ada@example.com").put("email_verified", true);
  }

  private static String token(String kid, KeyPair keys, JsonObject claims) throws Exception {
    String head = b64(new JsonObject().put("alg", "RS256").put("kid", kid).put("typ", "JWT").encode());
    String body = b64(claims.encode());
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(keys.getPrivate());
    signer.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
    return head + "." + body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
  }

  private static String unsigned(JsonObject claims) {
    return b64(new JsonObject().put("alg", "none").encode()) + "." + b64(claims.encode()) + ".";
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject jwks(String kid, KeyPair keys) {
    RSAPublicKey key = (RSAPublicKey) keys.getPublic();
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "RSA").put("kid", kid)
        .put("use", "sig").put("alg", "RS256")
        .put("n", url.encodeToString(unsigned(key.getModulus().toByteArray())))
        .put("e", url.encodeToString(key.getPublicExponent().toByteArray()))));
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
        : twosComplement;
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
