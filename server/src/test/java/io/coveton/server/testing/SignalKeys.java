package io.coveton.server.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/** A device's Signal protocol keys made by libsignal, and the key-directory uploads a client sends of them. */
public final class SignalKeys {
  private final IdentityKeyPair identity = IdentityKeyPair.generate();
  private final int registrationId;

  public SignalKeys(int registrationId) {
    this.registrationId = registrationId;
  }

  public IdentityKeyPair identity() {
    return identity;
  }

  /** A first upload: signed prekey 1, last-resort Kyber prekey 1, and pools of one-time keys from the given ids. */
  public JsonObject upload(int preKeys, int kyberPreKeys, int firstKeyId) {
    JsonObject body = base()
        .put("signedPreKey", signed(ECKeyPair.generate().getPublicKey().serialize(), 1))
        .put("kyberLastResortPreKey", signed(kyber(), 1));
    JsonArray ec = new JsonArray();
    for (int i = 0; i < preKeys; i++) {
      ec.add(new JsonObject().put("keyId", firstKeyId + i).put("publicKey", b64(ECKeyPair.generate().getPublicKey().serialize())));
    }
    JsonArray kem = new JsonArray();
    for (int i = 0; i < kyberPreKeys; i++) {
      kem.add(signed(kyber(), firstKeyId + i));
    }
    return body.put("preKeys", ec).put("kyberPreKeys", kem);
  }

  /** What every upload carries. */
  public JsonObject base() {
    return new JsonObject().put("registrationId", registrationId).put("identityKey", b64(identity.getPublicKey().serialize()));
  }

  public JsonObject signed(byte[] publicKey, int keyId) {
    return new JsonObject().put("keyId", keyId).put("publicKey", b64(publicKey))
        .put("signature", b64(identity.getPrivateKey().calculateSignature(publicKey)));
  }

  public static byte[] kyber() {
    return KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
  }

  public static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
