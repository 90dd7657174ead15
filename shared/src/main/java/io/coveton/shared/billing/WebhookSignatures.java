package io.coveton.shared.billing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payment providers' webhook signatures, checked over the raw request bytes before anything is
 * parsed, every comparison in constant time. Each answers null when the signature holds, else why not.
 */
public final class WebhookSignatures {
  public static final Duration STRIPE_TOLERANCE = Duration.ofSeconds(300);

  private WebhookSignatures() {}

  /**
   * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]}, each v1 an HMAC-SHA256 of
   * {@code "<t>.<raw body>"} with the endpoint's signing secret; one matching v1 is enough (Stripe
   * sends two while a secret is rolled), and t must be within 300 seconds of now.
   */
  public static String stripe(String header, byte[] body, String secret, Instant now) {
    if (header == null || header.isBlank()) {
      return "missing";
    }
    Long timestamp = null;
    java.util.List<String> signatures = new java.util.ArrayList<>();
    for (String part : header.split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        try {
          timestamp = Long.parseLong(pair[1]);
        } catch (NumberFormatException e) {
          return "malformed";
        }
      } else if (pair.length == 2 && pair[0].equals("v1")) {
        signatures.add(pair[1]);
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return "malformed";
    }
    byte[] signed = concat((timestamp + ".").getBytes(StandardCharsets.US_ASCII), body);
    byte[] expected = HexFormat.of().formatHex(hmac("HmacSHA256", secret, signed)).getBytes(StandardCharsets.US_ASCII);
    boolean any = false;
    for (String signature : signatures) {
      any |= MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
    if (!any) {
      return "signature";
    }
    return Math.abs(now.getEpochSecond() - timestamp) > STRIPE_TOLERANCE.toSeconds() ? "stale" : null;
  }

  /** Paystack: {@code x-paystack-signature}, the hex HMAC-SHA512 of the raw body with the secret key. */
  public static String paystack(String header, byte[] body, String secretKey) {
    if (header == null || header.isBlank()) {
      return "missing";
    }
    byte[] expected = HexFormat.of().formatHex(hmac("HmacSHA512", secretKey, body)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII))
        ? null : "signature";
  }

  /**
   * Flutterwave: {@code verif-hash} equal to the configured secret hash; and
   * {@code flutterwave-signature}, the base64 HMAC-SHA256 of the raw body with that hash, checked when
   * present and required when so configured.
   */
  public static String flutterwave(String verifHash, String signature, byte[] body, String secretHash,
      boolean signatureRequired) {
    if (verifHash == null || verifHash.isBlank()) {
      return "missing";
    }
    if (!MessageDigest.isEqual(secretHash.getBytes(StandardCharsets.UTF_8), verifHash.getBytes(StandardCharsets.UTF_8))) {
      return "signature";
    }
    if (signature == null || signature.isBlank()) {
      return signatureRequired ? "missing" : null;
    }
    byte[] expected = Base64.getEncoder().encode(hmac("HmacSHA256", secretHash, body));
    return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII)) ? null : "signature";
  }

  static byte[] hmac(String algorithm, String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = new byte[a.length + b.length];
    System.arraycopy(a, 0, joined, 0, a.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
