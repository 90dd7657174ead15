package io.coveton.rest.auth.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks an OpenID Connect ID token: an RS256 signature by a key of the provider's JWKS (fetched
 * when first needed, kept an hour, fetched again, at most once a minute, for a key id it does not
 * know: that is how providers rotate), then {@code iss}, {@code aud} (and {@code azp}, which when present or when there are several audiences must be this client),
 * {@code exp} and {@code iat} with a minute of clock skew, and {@code nonce}.
 * Only RS256 is accepted, so a token cannot choose a weaker algorithm (or {@code none}).
 * Its claims, or a {@link SignInRefused}. One instance per event loop: it is not thread-safe.
 */
final class IdTokenVerifier {
  private static final Duration SKEW = Duration.ofMinutes(1);
  private static final Duration KEYS_KEPT = Duration.ofHours(1);
  private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
  private final Supplier<Future<JsonObject>> fetchJwks;
  private final Set<String> issuers;
  private final String clientId;
  private final Clock clock;
  private Map<String, PublicKey> keys = Map.of();
  private Instant fetchedAt = Instant.EPOCH;

  IdTokenVerifier(Supplier<Future<JsonObject>> fetchJwks, Set<String> issuers, String clientId, Clock clock) {
    this.fetchJwks = fetchJwks;
    this.issuers = issuers;
    this.clientId = clientId;
    this.clock = clock;
  }

  Future<JsonObject> verify(String idToken, String expectedNonce) {
    String[] parts = idToken == null ? new String[0] : idToken.split("\\.", -1);
    if (parts.length != 3) {
      return Future.failedFuture(invalid("is not a signed JWT"));
    }
    JsonObject header;
    JsonObject claims;
    byte[] signature;
    try {
      header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (RuntimeException e) {
      return Future.failedFuture(invalid("is not a well-formed JWT"));
    }
    if (!"RS256".equals(header.getValue("alg"))) {
      return Future.failedFuture(invalid("is not signed with RS256"));
    }
    String kid = header.getValue("kid") instanceof String s ? s : "";
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return key(kid).compose(key -> {
      if (key == null) {
        return Future.failedFuture(invalid("is signed by a key the provider does not publish"));
      }
      if (!signatureValid(key, signed, signature)) {
        return Future.failedFuture(invalid("has a bad signature"));
      }
      checkClaims(claims, expectedNonce);
      return Future.succeededFuture(claims);
    });
  }

  private void checkClaims(JsonObject claims, String expectedNonce) {
    if (!(claims.getValue("iss") instanceof String iss) || !issuers.contains(iss)) {
      throw invalid("was issued by someone else");
    }
    Object aud = claims.getValue("aud");
    boolean forUs = aud instanceof String single ? single.equals(clientId)
        : aud instanceof JsonArray many && many.contains(clientId)
            && (many.size() == 1 || clientId.equals(claims.getValue("azp")));
    if (!forUs || (claims.containsKey("azp") && !clientId.equals(claims.getValue("azp")))) {
      throw invalid("was issued to another client");
    }
    Instant now = clock.instant();
    if (!(claims.getValue("exp") instanceof Number exp) || !Instant.ofEpochSecond(exp.longValue()).isAfter(now.minus(SKEW))) {
      throw invalid("has expired");
    }
    if (!(claims.getValue("iat") instanceof Number iat)) {
      throw invalid("has no issue time");
    }
    if (Instant.ofEpochSecond(iat.longValue()).isAfter(now.plus(SKEW))) {
      throw invalid("was issued in the future");
    }
    if (!(claims.getValue("nonce") instanceof String nonce) || !MessageDigest.isEqual(
        nonce.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
      throw invalid("belongs to another sign-in (nonce)");
    }
  }

  private Future<PublicKey> key(String kid) {
    Instant now = clock.instant();
    PublicKey known = keys.get(kid);
    boolean stale = fetchedAt.plus(KEYS_KEPT).isBefore(now);
    if (known != null && !stale) {
      return Future.succeededFuture(known);
    }
    if (known == null && !stale && fetchedAt.plus(REFETCH_AT_MOST_EVERY).isAfter(now)) {
      return Future.succeededFuture(null);
    }
    return fetchJwks.get().map(jwks -> {
      keys = rsaKeys(jwks);
      fetchedAt = clock.instant();
      return keys.get(kid);
    });
  }

  private static Map<String, PublicKey> rsaKeys(JsonObject jwks) {
    Map<String, PublicKey> found = new HashMap<>();
    JsonArray list = jwks.getValue("keys") instanceof JsonArray array ? array : new JsonArray();
    for (Object entry : list) {
      if (entry instanceof JsonObject jwk && "RSA".equals(jwk.getValue("kty"))
          && !"enc".equals(jwk.getValue("use")) && jwk.getValue("n") instanceof String n
          && jwk.getValue("e") instanceof String e) {
        try {
          PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
              new BigInteger(1, Base64.getUrlDecoder().decode(n)), new BigInteger(1, Base64.getUrlDecoder().decode(e))));
          found.put(jwk.getValue("kid") instanceof String kid ? kid : "", key);
        } catch (GeneralSecurityException | IllegalArgumentException ignored) {
          // a key this verifier cannot use is skipped; tokens signed with it fail as unknown
        }
      }
    }
    return Map.copyOf(found);
  }

  private static boolean signatureValid(PublicKey key, byte[] signed, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update(signed);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static SignInRefused invalid(String why) {
    return SignInRefused.provider("The provider's ID token " + why + ".");
  }
}
