package io.coveton.shared.keys;

import io.coveton.shared.validation.FieldReader;
import java.util.Base64;

/**
 * The wire forms of the Signal protocol's public keys, as libsignal serializes them, in base64: an
 * EC (Curve25519) public key is its type byte 0x05 and 32 bytes; a Kyber-1024 public key is its
 * type byte 0x08 and 1568 bytes; a signature is 64 bytes. Nothing else is accepted, so a private
 * key (32 bytes for EC, 3168 for Kyber) cannot be uploaded by mistake.
 */
public final class PublicKeys {
  public static final byte EC_TYPE = 0x05;
  public static final byte KYBER_1024_TYPE = 0x08;
  public static final int EC_LENGTH = 33;
  public static final int KYBER_1024_LENGTH = 1569;
  public static final int SIGNATURE_LENGTH = 64;

  private PublicKeys() {}

  /** The EC public key at {@code path}, or null (with the failure recorded) when it is not one. */
  public static byte[] ec(FieldReader body, String path, String value) {
    return typed(body, path, value, EC_LENGTH, EC_TYPE, "an EC public key: base64 of 33 bytes starting 0x05");
  }

  public static byte[] kyber(FieldReader body, String path, String value) {
    return typed(body, path, value, KYBER_1024_LENGTH, KYBER_1024_TYPE,
        "a Kyber-1024 public key: base64 of 1569 bytes starting 0x08");
  }

  public static byte[] signature(FieldReader body, String path, String value) {
    byte[] decoded = decode(value);
    if (decoded == null || decoded.length != SIGNATURE_LENGTH) {
      body.fail(path, "must be a signature: base64 of 64 bytes");
      return null;
    }
    return decoded;
  }

  /** Does the identity key (type byte and u) sign {@code message} with {@code signature}? */
  public static boolean signedBy(byte[] identityKey, byte[] message, byte[] signature) {
    byte[] u = new byte[32];
    System.arraycopy(identityKey, 1, u, 0, 32);
    return XEdDsaSignatures.verify(u, message, signature);
  }

  public static String encode(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] typed(FieldReader body, String path, String value, int length, byte type, String what) {
    byte[] decoded = decode(value);
    if (decoded == null || decoded.length != length || decoded[0] != type) {
      body.fail(path, "must be " + what);
      return null;
    }
    return decoded;
  }

  private static byte[] decode(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
