package io.coveton.shared.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/** The server's XEdDSA check against signatures libsignal itself makes, as a client would upload them. */
class XEdDsaSignaturesTest {

  @Test
  void acceptsLibsignalsSignaturesOfPrekeysAndRefusesAnyAlteration() {
    // many keys: the Edwards sign bit carried in the signature is 0 for about half of them
    for (int i = 0; i < 200; i++) {
      IdentityKeyPair identity = IdentityKeyPair.generate();
      byte[] prekey = ECKeyPair.generate().getPublicKey().serialize();
      byte[] signature = identity.getPrivateKey().calculateSignature(prekey);
      byte[] identityKey = identity.getPublicKey().serialize();
      assertTrue(PublicKeys.signedBy(identityKey, prekey, signature), "libsignal's own signature, key " + i);

      byte[] otherMessage = prekey.clone();
      otherMessage[5] ^= 1;
      assertFalse(PublicKeys.signedBy(identityKey, otherMessage, signature));
      byte[] otherSignature = signature.clone();
      otherSignature[10] ^= 1;
      assertFalse(PublicKeys.signedBy(identityKey, prekey, otherSignature));
      byte[] flippedSign = signature.clone();
      flippedSign[63] ^= (byte) 0x80;
      assertFalse(PublicKeys.signedBy(identityKey, prekey, flippedSign), "the sign bit is part of the signature");
      assertFalse(PublicKeys.signedBy(IdentityKeyPair.generate().getPublicKey().serialize(), prekey, signature),
          "another identity's key");
    }
  }

  @Test
  void acceptsTheSignatureOfAKyberPrekeyAndKnowsItsSerializedLength() {
    IdentityKeyPair identity = IdentityKeyPair.generate();
    byte[] kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
    assertEquals(PublicKeys.KYBER_1024_LENGTH, kyber.length);
    assertEquals(PublicKeys.KYBER_1024_TYPE, kyber[0]);
    assertEquals(PublicKeys.EC_LENGTH, identity.getPublicKey().serialize().length);
    assertEquals(PublicKeys.EC_TYPE, identity.getPublicKey().serialize()[0]);
    assertTrue(PublicKeys.signedBy(identity.getPublicKey().serialize(), kyber,
        identity.getPrivateKey().calculateSignature(kyber)));
  }

  @Test
  void refusesMalformedInput() {
    assertFalse(XEdDsaSignatures.verify(new byte[31], new byte[1], new byte[64]));
    assertFalse(XEdDsaSignatures.verify(new byte[32], new byte[1], new byte[63]));
    byte[] minusOne = new byte[32]; // u = p - 1 has no Edwards point
    minusOne[0] = (byte) 0xEC;
    for (int i = 1; i < 31; i++) {
      minusOne[i] = (byte) 0xFF;
    }
    minusOne[31] = 0x7F;
    assertFalse(XEdDsaSignatures.verify(minusOne, new byte[1], new byte[64]));
  }
}
