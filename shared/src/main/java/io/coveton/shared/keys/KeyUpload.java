package io.coveton.shared.keys;

import io.coveton.shared.validation.FieldReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A device's upload to the key directory. {@code identityKey} and {@code registrationId} come with
 * every upload and never change for a device; the signed prekey and the last-resort Kyber prekey
 * are required the first time and replace the stored ones when given later; a list of one-time
 * prekeys replaces that pool (absent: the pool stays). Every signature is checked against the
 * identity key before anything is stored.
 */
public record KeyUpload(int registrationId, byte[] identityKey, SignedKey signedPreKey, SignedKey kyberLastResortPreKey,
    List<OneTimeKey> preKeys, List<SignedKey> kyberPreKeys) {

  public static final int MAX_KEY_ID = 0xFFFFFF;

  /** A prekey with its id (and, for signed ones, the identity key's signature over its serialized form). */
  public record SignedKey(int keyId, byte[] publicKey, byte[] signature) {}

  public record OneTimeKey(int keyId, byte[] publicKey) {}

  /** Reads and checks the body; throws 422 naming every bad field. */
  public static KeyUpload read(FieldReader body, int maxPerPool) {
    int registrationId = (int) body.requiredLong("registrationId", 1, 16380);
    byte[] identityKey = PublicKeys.ec(body, "identityKey", string(body.raw(), "identityKey"));
    SignedKey signed = signed(body, "signedPreKey", false, identityKey);
    SignedKey lastResort = signed(body, "kyberLastResortPreKey", true, identityKey);
    List<OneTimeKey> preKeys = null;
    if (body.raw().getValue("preKeys") != null) {
      preKeys = new ArrayList<>();
      JsonArray list = array(body, "preKeys", maxPerPool);
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; list != null && i < list.size(); i++) {
        String path = "preKeys[" + i + "]";
        JsonObject key = object(body, path, list.getValue(i));
        if (key != null) {
          Integer keyId = keyId(body, path + ".keyId", key.getValue("keyId"), seen);
          byte[] publicKey = PublicKeys.ec(body, path + ".publicKey", string(key, "publicKey"));
          preKeys.add(new OneTimeKey(keyId == null ? 0 : keyId, publicKey));
        }
      }
    }
    List<SignedKey> kyberPreKeys = null;
    if (body.raw().getValue("kyberPreKeys") != null) {
      kyberPreKeys = new ArrayList<>();
      JsonArray list = array(body, "kyberPreKeys", maxPerPool);
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; list != null && i < list.size(); i++) {
        String path = "kyberPreKeys[" + i + "]";
        JsonObject key = object(body, path, list.getValue(i));
        if (key != null) {
          kyberPreKeys.add(signedKey(body, path, key, true, identityKey, seen));
        }
      }
    }
    body.validate();
    return new KeyUpload(registrationId, identityKey, signed, lastResort, preKeys, kyberPreKeys);
  }

  private static SignedKey signed(FieldReader body, String field, boolean kyber, byte[] identityKey) {
    Object value = body.raw().getValue(field);
    if (value == null) {
      return null;
    }
    JsonObject key = object(body, field, value);
    return key == null ? null : signedKey(body, field, key, kyber, identityKey, new HashSet<>());
  }

  private static SignedKey signedKey(FieldReader body, String path, JsonObject key, boolean kyber, byte[] identityKey,
      Set<Integer> seen) {
    Integer keyId = keyId(body, path + ".keyId", key.getValue("keyId"), seen);
    byte[] publicKey = kyber ? PublicKeys.kyber(body, path + ".publicKey", string(key, "publicKey"))
        : PublicKeys.ec(body, path + ".publicKey", string(key, "publicKey"));
    byte[] signature = PublicKeys.signature(body, path + ".signature", string(key, "signature"));
    if (identityKey != null && publicKey != null && signature != null
        && !PublicKeys.signedBy(identityKey, publicKey, signature)) {
      body.fail(path + ".signature", "is not the identity key's signature of this public key");
    }
    return new SignedKey(keyId == null ? 0 : keyId, publicKey, signature);
  }

  private static Integer keyId(FieldReader body, String path, Object value, Set<Integer> seen) {
    if (!(value instanceof Integer id) || id < 0 || id > MAX_KEY_ID) {
      return body.fail(path, "must be a whole number from 0 to " + MAX_KEY_ID);
    }
    if (!seen.add(id)) {
      return body.fail(path, "repeats another key's id");
    }
    return id;
  }

  private static JsonArray array(FieldReader body, String field, int max) {
    if (!(body.raw().getValue(field) instanceof JsonArray list)) {
      return body.fail(field, "must be an array");
    }
    if (list.size() > max) {
      return body.fail(field, "must hold at most " + max + " keys");
    }
    return list;
  }

  private static JsonObject object(FieldReader body, String path, Object value) {
    return value instanceof JsonObject object ? object : body.fail(path, "must be an object");
  }

  private static String string(JsonObject object, String field) {
    return object.getValue(field) instanceof String text ? text : null;
  }
}
