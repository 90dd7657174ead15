package io.coveton.rest.auth.oauth;

import io.coveton.shared.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Binds a sign-in's state to the browser that started it: the cookie holds the provider, the state
 * and an expiry, sealed (authenticated encryption, so it is signed as well as unreadable). A callback
 * counts only when it arrives with the cookie that names its own state, which defeats login CSRF
 * (someone else's callback URL opened in this browser).
 */
final class StateCookie {
  static final String NAME = "coveton_oauth_state";
  static final String PATH = "/v1/auth/oauth/";
  private static final String CONTEXT = "oauth-state-cookie";
  private final SecretBox secrets;

  StateCookie(SecretBox secrets) {
    this.secrets = secrets;
  }

  String seal(String provider, String state, Instant expiresAt) {
    return secrets.sealText(provider + "|" + expiresAt.getEpochSecond() + "|" + state, CONTEXT);
  }

  /** Whether the cookie was sealed here, is live, and names this provider and state. */
  boolean matches(String cookie, String provider, String state, Instant now) {
    if (cookie == null || state == null || !SecretBox.isSealedText(cookie) || cookie.length() > 1024) {
      return false;
    }
    String[] parts;
    try {
      parts = secrets.openText(cookie, CONTEXT).split("\\|", 3);
    } catch (RuntimeException e) {
      return false;
    }
    return parts.length == 3 && parts[0].equals(provider)
        && Instant.ofEpochSecond(Long.parseLong(parts[1])).isAfter(now)
        && MessageDigest.isEqual(parts[2].getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8));
  }
}
