package io.coveton.shared.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets kept at rest (signing keys, stored answers that carry tokens, provider secrets)
 * with AES-256-GCM under the key ring's current key. A sealed value names the key that sealed it,
 * so values sealed before a rotation still open; {@code context} (the row it belongs to) is
 * authenticated with it, so a sealed value copied into another row does not open.
 *
 * <p>Layout: version (1) | key-id length (1) | key id | nonce (12) | ciphertext and tag. Text
 * values are {@code sealed:} followed by that layout in base64url.
 */
public final class SecretBox {
  public static final String TEXT_PREFIX = "sealed:";
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(KeyRing keys) {
    this.keys = keys;
  }

  public byte[] seal(byte[] plaintext, String context) {
    byte[] id = keys.currentId().getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.current(), nonce, plaintext, context);
    return ByteBuffer.allocate(2 + id.length + NONCE_BYTES + sealed.length)
        .put(VERSION).put((byte) id.length).put(id).put(nonce).put(sealed).array();
  }

  /** The plaintext; fails when the value was not sealed by a key of the ring for this context. */
  public byte[] open(byte[] sealed, String context) {
    ByteBuffer in = ByteBuffer.wrap(sealed);
    if (sealed.length < 2 + NONCE_BYTES || in.get() != VERSION) {
      throw new IllegalStateException("not a sealed value");
    }
    byte[] id = new byte[in.get()];
    in.get(id);
    String keyId = new String(id, StandardCharsets.US_ASCII);
    SecretKey key = keys.find(keyId);
    if (key == null) {
      throw new IllegalStateException("sealed with key-encryption key '" + keyId
          + "', which is not configured (COVETON_KEY_ENCRYPTION_KEYS)");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    byte[] body = new byte[in.remaining()];
    in.get(body);
    return crypt(Cipher.DECRYPT_MODE, key, nonce, body, context);
  }

  public String sealText(String plaintext, String context) {
    return TEXT_PREFIX + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(seal(plaintext.getBytes(StandardCharsets.UTF_8), context));
  }

  public String openText(String sealed, String context) {
    if (!isSealedText(sealed)) {
      throw new IllegalStateException("not a sealed value");
    }
    return new String(open(Base64.getUrlDecoder().decode(sealed.substring(TEXT_PREFIX.length())), context),
        StandardCharsets.UTF_8);
  }

  public static boolean isSealedText(String value) {
    return value != null && value.startsWith(TEXT_PREFIX);
  }

  /** True when the value was sealed with an older key than the current one (rotation pending). */
  public boolean sealedWithOlderKey(String sealedText) {
    byte[] raw = Base64.getUrlDecoder().decode(sealedText.substring(TEXT_PREFIX.length()));
    String keyId = new String(raw, 2, raw[1], StandardCharsets.US_ASCII);
    return !keyId.equals(keys.currentId());
  }

  private static byte[] crypt(int mode, SecretKey key, byte[] nonce, byte[] input, String context) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealed value does not open with its key (tampered, or another context)", e);
    }
  }
}
