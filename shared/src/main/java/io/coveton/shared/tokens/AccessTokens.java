package io.coveton.shared.tokens;

import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issues and verifies access tokens: ES256 JWTs (RFC 9068 profile) with header {@code typ:
 * at+jwt}. Verification goes through Vert.x Auth JWT holding only the ES256 public key, so the
 * algorithm is pinned ({@code none} and HS* are refused), and checks iss, aud and exp; the
 * {@code typ} header is then checked so that no other token kind is accepted as an access token.
 * Signing is done here because Vert.x always writes {@code typ: JWT}.
 */
public final class AccessTokens {
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccessTokens.class);
  public static final String TOKEN_TYPE = "at+jwt";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

  private final SigningKey key;
  private final PrivateKey privateKey;
  private final JWTAuth verifier;
  private final CovetonConfig.TokenSettings settings;
  // ES256 verification costs about a millisecond of CPU here: a token already verified (byte for
  // byte) is not verified again until it expires. Revocation is checked per request elsewhere.
  private static final int MAX_VERIFIED = 100_000;
  private final java.util.concurrent.ConcurrentHashMap<String, AccessClaims> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  public AccessTokens(Vertx vertx, SigningKey key, CovetonConfig.TokenSettings settings) {
    this.key = key;
    this.settings = settings;
    this.privateKey = parsePrivateKey(key.privateKeyPem());
    this.verifier = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(key.publicKeyPem()).setId(key.kid()))
        .setJWTOptions(new JWTOptions()
            .setIssuer(settings.issuer())
            .setAudience(List.of(settings.audience()))
            .setLeeway(5)));
  }

  public long ttlSeconds() {
    return settings.accessTokenTtl().toSeconds();
  }

  public String issue(String userId, String sessionId) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject header = new JsonObject().put("alg", "ES256").put("typ", TOKEN_TYPE).put("kid", key.kid());
    JsonObject payload = new JsonObject()
        .put("iss", settings.issuer())
        .put("aud", settings.audience())
        .put("sub", userId)
        .put("sid", sessionId)
        .put("client_id", "coveton")
        .put("jti", UUID.randomUUID().toString())
        .put("iat", now)
        .put("exp", now + ttlSeconds());
    String signingInput = encode(header) + "." + encode(payload);
    return signingInput + "." + B64.encodeToString(sign(signingInput));
  }

  /** Verifies a bearer token; fails with 401 UNAUTHORIZED for anything but a valid access token. */
  public Future<AccessClaims> verify(String token) {
    if (token == null || token.length() > 4096) {
      return Future.failedFuture(invalid());
    }
    AccessClaims known = verified.get(token);
    if (known != null) {
      if (known.expiresAtEpochSecond() > System.currentTimeMillis() / 1000) {
        return Future.succeededFuture(known);
      }
      verified.remove(token);
    }
    if (!canonical(token) || !TOKEN_TYPE.equals(headerType(token))) {
      return Future.failedFuture(invalid());
    }
    return verifier.authenticate(new TokenCredentials(token))
        .recover(e -> {
          LOG.debug("access token rejected: {}", e.getMessage());
          return Future.failedFuture(invalid());
        })
        .compose(user -> {
          // Vert.x keeps the verified payload under attributes.accessToken
          JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
          String sub = claims.getString("sub");
          String sid = claims.getString("sid");
          Long exp = claims.getLong("exp");
          if (sub == null || sid == null || exp == null) {
            return Future.failedFuture(invalid());
          }
          AccessClaims accepted = new AccessClaims(sub, sid, claims.getString("jti"), exp);
          if (verified.size() >= MAX_VERIFIED) {
            verified.clear();
          }
          verified.put(token, accepted);
          return Future.succeededFuture(accepted);
        });
  }

  /**
   * Exactly three parts, each the one base64url spelling of its bytes (no padding, no stray
   * characters, unused low bits zero): a decoder that tolerates variants would accept many strings
   * for one signature, each a distinct token to every cache and log keyed by it.
   */
  static boolean canonical(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    Base64.Decoder decoder = Base64.getUrlDecoder();
    for (String part : parts) {
      if (part.isEmpty() || !BASE64URL.matcher(part).matches()) {
        return false;
      }
      try {
        if (!B64.encodeToString(decoder.decode(part)).equals(part)) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  private static ApiException invalid() {
    return ApiException.unauthorized("Missing, expired or invalid access token.");
  }

  private static String headerType(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(new String(B64_DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8));
      return header.getValue("typ") instanceof String typ ? typ.toLowerCase() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private byte[] sign(String input) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(privateKey);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign access token", e);
    }
  }

  private static PrivateKey parsePrivateKey(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored signing key is not a PKCS#8 EC key", e);
    }
  }
}
