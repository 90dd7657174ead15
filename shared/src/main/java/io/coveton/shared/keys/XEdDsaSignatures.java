package io.coveton.shared.keys;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies the signatures the Signal protocol makes with a device's Curve25519 identity key
 * (XEdDSA): the Montgomery public key becomes the Edwards one whose sign bit the signature
 * carries in its last byte, and the rest is Ed25519 verification. Used on upload to refuse a
 * signed prekey or Kyber prekey that the device's identity key did not sign.
 */
public final class XEdDsaSignatures {
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private XEdDsaSignatures() {}

  /**
   * {@code montgomeryKey}: the 32-byte u coordinate (an identity key without its type byte);
   * {@code signature}: 64 bytes.
   */
  public static boolean verify(byte[] montgomeryKey, byte[] message, byte[] signature) {
    if (montgomeryKey.length != 32 || signature.length != 64) {
      return false;
    }
    BigInteger u = new BigInteger(1, reversed(montgomeryKey)).clearBit(255).mod(P);
    BigInteger denominator = u.add(BigInteger.ONE).mod(P);
    if (denominator.signum() == 0) {
      return false;
    }
    BigInteger y = u.subtract(BigInteger.ONE).mod(P).multiply(denominator.modInverse(P)).mod(P);
    byte[] edwardsKey = reversed(toFixed32(y));
    edwardsKey[31] |= (byte) (signature[63] & 0x80);
    byte[] ed25519Signature = signature.clone();
    ed25519Signature[63] &= 0x7F;
    try {
      return Ed25519.verify(ed25519Signature, 0, edwardsKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false; // not a point of the curve
    }
  }

  private static byte[] toFixed32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
