package io.coveton.shared.tokens;

import io.coveton.shared.hashing.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque bearer secrets (refresh tokens and the like): 256 random bits behind a kind prefix, stored
 * only as SHA-256 hashes so that a database leak yields nothing usable.
 */
public final class OpaqueTokens {
  private final SecureRandom random = new SecureRandom();

  public String generate(String prefix) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String token) {
    return Sha256.of(token);
  }
}
