package io.coveton.rest.keys;

import io.coveton.shared.keys.KeyUpload.OneTimeKey;
import io.coveton.shared.keys.KeyUpload.SignedKey;
import io.coveton.shared.keys.PreKeyBundle;
import io.coveton.shared.keys.PreKeyCounts;
import io.coveton.shared.keys.PublicKeys;
import io.vertx.core.json.JsonObject;

/** The key directory's answers: keys in base64, as libsignal serializes them. */
final class KeyViews {
  private KeyViews() {}

  static JsonObject counts(PreKeyCounts counts) {
    return new JsonObject().put("preKeys", counts.preKeys()).put("kyberPreKeys", counts.kyberPreKeys())
        .put("signedPreKeyId", counts.signedPreKeyId()).put("kyberLastResortPreKeyId", counts.kyberLastResortPreKeyId());
  }

  static JsonObject bundle(PreKeyBundle bundle) {
    return new JsonObject().put("userId", bundle.userId()).put("deviceId", bundle.deviceId())
        .put("registrationId", bundle.registrationId())
        .put("identityKey", PublicKeys.encode(bundle.identityKey()))
        .put("signedPreKey", signed(bundle.signedPreKey()))
        .put("preKey", oneTime(bundle.preKey()))
        .put("kyberPreKey", signed(bundle.kyberPreKey()).put("lastResort", bundle.kyberPreKeyLastResort()));
  }

  private static JsonObject signed(SignedKey key) {
    return new JsonObject().put("keyId", key.keyId()).put("publicKey", PublicKeys.encode(key.publicKey()))
        .put("signature", PublicKeys.encode(key.signature()));
  }

  private static JsonObject oneTime(OneTimeKey key) {
    return key == null ? null : new JsonObject().put("keyId", key.keyId()).put("publicKey", PublicKeys.encode(key.publicKey()));
  }
}
