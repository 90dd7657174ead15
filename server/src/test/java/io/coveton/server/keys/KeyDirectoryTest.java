package io.coveton.server.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Sql;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.SignalKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/** The key directory through the API, with keys and signatures made by libsignal. */
class KeyDirectoryTest {
  private static final int BUNDLES_PER_MINUTE = 100;

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_PREKEY_BUNDLES_PER_MINUTE", Integer.toString(BUNDLES_PER_MINUTE))
      .with("COVETON_PREKEY_LOW_WATERMARK", "3")
      .with("COVETON_OUTBOX_POLL_MILLIS", "20");

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());

  @Test
  void aBundleIsVerifiableByLibsignalAndEachFetchTakesTheNextOneTimeKeysThenTheLastResort() throws Exception {
    SignedIn bob = server.accounts().register("bob");
    SignedIn alice = server.accounts().register("alice");
    String device = messaging.registerDevice(bob, "bob-phone");
    SignalKeys keys = new SignalKeys(42);
    JsonObject counts = upload(bob, device, keys.upload(2, 1, 10)).expect(200).json();
    assertEquals(new JsonObject().put("preKeys", 2).put("kyberPreKeys", 1).put("signedPreKeyId", 1)
        .put("kyberLastResortPreKeyId", 1), counts);

    JsonObject first = bundle(alice, bob, device).expect(200).json();
    assertEquals(42, first.getInteger("registrationId"));
    assertEquals(SignalKeys.b64(keys.identity().getPublicKey().serialize()), first.getString("identityKey"));
    ECPublicKey identity = keys.identity().getPublicKey().getPublicKey();
    JsonObject signed = first.getJsonObject("signedPreKey");
    assertTrue(identity.verifySignature(decode(signed.getString("publicKey")), decode(signed.getString("signature"))),
        "libsignal verifies the served signed prekey");
    assertEquals(10, first.getJsonObject("preKey").getInteger("keyId"));
    assertFalse(first.getJsonObject("kyberPreKey").getBoolean("lastResort"));
    assertEquals(10, first.getJsonObject("kyberPreKey").getInteger("keyId"));

    JsonObject second = bundle(alice, bob, device).expect(200).json();
    assertEquals(11, second.getJsonObject("preKey").getInteger("keyId"));
    assertTrue(second.getJsonObject("kyberPreKey").getBoolean("lastResort"), "the Kyber pool was empty");
    JsonObject third = bundle(alice, bob, device).expect(200).json();
    assertNull(third.getValue("preKey"), "no one-time EC prekey left");
    assertEquals(1, third.getJsonObject("kyberPreKey").getInteger("keyId"));

    JsonObject left = api.get("/v1/devices/" + device + "/keys/count").bearer(bob.accessToken()).send().expect(200).json();
    assertEquals(0, left.getInteger("preKeys"));
    assertEquals(0, left.getInteger("kyberPreKeys"));
    JsonArray all = api.get("/v1/users/" + bob.userId() + "/prekey-bundles").bearer(alice.accessToken()).send()
        .expect(200).array();
    assertEquals(1, all.size());
    assertEquals(device, all.getJsonObject(0).getString("deviceId"));
  }

  @Test
  void concurrentFetchesNeverReceiveTheSameOneTimePrekey() throws Exception {
    SignedIn bob = server.accounts().register("bob");
    String device = messaging.registerDevice(bob, "bob-phone");
    int pool = 40;
    upload(bob, device, new SignalKeys(7).upload(pool, pool, 1000)).expect(200);
    List<SignedIn> fetchers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fetchers.add(server.accounts().register("fetcher"));
    }
    int fetches = 64;
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Callable<JsonObject>> calls = new ArrayList<>();
      for (int i = 0; i < fetches; i++) {
        SignedIn fetcher = fetchers.get(i % fetchers.size());
        calls.add(() -> bundle(fetcher, bob, device).expect(200).json());
      }
      List<Integer> ecIds = Collections.synchronizedList(new ArrayList<>());
      List<Integer> kyberIds = Collections.synchronizedList(new ArrayList<>());
      int withoutEc = 0;
      for (Future<JsonObject> answer : threads.invokeAll(calls)) {
        JsonObject bundle = answer.get();
        if (bundle.getValue("preKey") == null) {
          withoutEc++;
        } else {
          ecIds.add(bundle.getJsonObject("preKey").getInteger("keyId"));
        }
        if (!bundle.getJsonObject("kyberPreKey").getBoolean("lastResort")) {
          kyberIds.add(bundle.getJsonObject("kyberPreKey").getInteger("keyId"));
        }
      }
      assertEquals(ecIds.size(), new HashSet<>(ecIds).size(), "no one-time EC prekey went to two fetches: " + ecIds);
      assertEquals(kyberIds.size(), new HashSet<>(kyberIds).size(), "no one-time Kyber prekey went to two fetches");
      assertEquals(pool, ecIds.size(), "every one-time EC prekey was handed out");
      assertEquals(pool, kyberIds.size());
      assertEquals(fetches - pool, withoutEc);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aSignatureTheIdentityKeyDidNotMakeIsRefusedAndNothingIsStored() {
    SignedIn bob = server.accounts().register("bob");
    String device = messaging.registerDevice(bob, "bob-phone");
    SignalKeys keys = new SignalKeys(9);
    SignalKeys impostor = new SignalKeys(9);
    JsonObject body = keys.upload(1, 1, 1);
    body.put("signedPreKey", impostor.signed(ECKeyPair.generate().getPublicKey().serialize(), 1));
    JsonObject error = upload(bob, device, body).expectError(422, "VALIDATION");
    assertEquals("signedPreKey.signature", error.getJsonArray("details").getJsonObject(0).getString("path"));

    JsonObject kyberForged = keys.upload(1, 1, 1);
    kyberForged.getJsonArray("kyberPreKeys").getJsonObject(0).put("signature",
        SignalKeys.b64(keys.identity().getPrivateKey().calculateSignature(SignalKeys.kyber())));
    assertEquals("kyberPreKeys[0].signature", upload(bob, device, kyberForged).expectError(422, "VALIDATION")
        .getJsonArray("details").getJsonObject(0).getString("path"));
    JsonObject counts = api.get("/v1/devices/" + device + "/keys/count").bearer(bob.accessToken()).send().expect(200).json();
    assertEquals(0, counts.getInteger("preKeys"));
    assertNull(counts.getValue("signedPreKeyId"), "nothing was stored");
  }

  @Test
  void nothingShapedLikeAPrivateKeyIsAcceptedAndTheIdentityNeverChanges() {
    SignedIn bob = server.accounts().register("bob");
    String device = messaging.registerDevice(bob, "bob-phone");
    SignalKeys keys = new SignalKeys(11);
    JsonObject privateIdentity = keys.upload(1, 1, 1)
        .put("identityKey", SignalKeys.b64(keys.identity().getPrivateKey().serialize()));
    assertEquals("identityKey", upload(bob, device, privateIdentity).expectError(422, "VALIDATION")
        .getJsonArray("details").getJsonObject(0).getString("path"));
    JsonObject privatePreKey = keys.upload(1, 1, 1);
    privatePreKey.getJsonArray("preKeys").getJsonObject(0)
        .put("publicKey", SignalKeys.b64(ECKeyPair.generate().getPrivateKey().serialize()));
    upload(bob, device, privatePreKey).expectError(422, "VALIDATION");

    upload(bob, device, keys.upload(1, 1, 1)).expect(200);
    upload(bob, device, new SignalKeys(11).upload(1, 1, 1)).expectError(409, "CONFLICT");
    JsonObject rotated = keys.base().put("signedPreKey", keys.signed(ECKeyPair.generate().getPublicKey().serialize(), 2));
    assertEquals(2, upload(bob, device, rotated).expect(200).json().getInteger("signedPreKeyId"));
    assertEquals(1, api.get("/v1/devices/" + device + "/keys/count").bearer(bob.accessToken()).send().expect(200).json()
        .getInteger("preKeys"), "a rotation without pools keeps them");
  }

  @Test
  void onlyTheOwnerUploadsOrCountsAndARevokedDevicesKeysAreGone() throws Exception {
    SignedIn bob = server.accounts().register("bob");
    SignedIn mallory = server.accounts().register("mallory");
    String device = messaging.registerDevice(bob, "bob-phone");
    SignalKeys keys = new SignalKeys(5);
    upload(mallory, device, keys.upload(1, 1, 1)).expectError(404, "NOT_FOUND");
    api.get("/v1/devices/" + device + "/keys/count").bearer(mallory.accessToken()).send().expectError(404, "NOT_FOUND");
    upload(bob, device, keys.upload(3, 3, 1)).expect(200);
    api.get("/v1/users/" + mallory.userId() + "/devices/" + device + "/prekey-bundle").bearer(mallory.accessToken())
        .send().expectError(404, "NOT_FOUND");

    api.delete("/v1/devices/" + device).bearer(bob.accessToken()).send().expect(204);
    bundle(mallory, bob, device).expectError(404, "NOT_FOUND");
    assertEquals(0, api.get("/v1/users/" + bob.userId() + "/prekey-bundles").bearer(mallory.accessToken()).send()
        .expect(200).array().size());
    assertEquals(0L, count("SELECT count(*) FROM one_time_prekeys WHERE device_id = '" + device + "'")
        + count("SELECT count(*) FROM device_keys WHERE device_id = '" + device + "'"),
        "revoking the device deleted its keys");
  }

  @Test
  void theOwnerIsToldWhenAPoolRunsLowAndFetchesAreLimitedPerCaller() {
    SignedIn bob = server.accounts().register("bob");
    SignedIn alice = server.accounts().register("alice");
    String device = messaging.registerDevice(bob, "bob-phone");
    upload(bob, device, new SignalKeys(3).upload(4, 10, 1)).expect(200);
    bundle(alice, bob, device).expect(200); // 3 left: not below the watermark of 3
    bundle(alice, bob, device).expect(200); // 2 left: below
    bundle(alice, bob, device).expect(200);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lowNotices(bob).size() == 1);
    JsonObject notice = lowNotices(bob).get(0);
    assertEquals(device, notice.getJsonObject("data").getString("deviceId"));
    assertEquals(2, notice.getJsonObject("data").getInteger("preKeys"));

    upload(bob, device, new SignalKeys(3).base().put("preKeys", new JsonArray())).expectError(409, "CONFLICT");
    ApiResult limited = null;
    // the budget is a fixed window: twice the budget in less than a minute overruns one of the two windows it can span
    for (int i = 0; i < 2 * BUNDLES_PER_MINUTE + 1 && (limited == null || limited.status() != 429); i++) {
      limited = bundle(alice, bob, device);
    }
    assertEquals(429, limited.status());
    assertNotNull(limited.header("Retry-After"));
    bundle(server.accounts().register("carol"), bob, device).expect(200); // another caller has a budget of its own
  }

  private List<JsonObject> lowNotices(SignedIn user) {
    return api.get("/v1/notifications").bearer(user.accessToken()).send().expect(200).array().stream()
        .map(JsonObject.class::cast).filter(n -> n.getString("type").equals("prekeys_low")).toList();
  }

  private ApiResult upload(SignedIn owner, String device, JsonObject body) {
    return api.put("/v1/devices/" + device + "/keys", body.encode()).bearer(owner.accessToken()).send();
  }

  private ApiResult bundle(SignedIn caller, SignedIn owner, String device) {
    return api.get("/v1/users/" + owner.userId() + "/devices/" + device + "/prekey-bundle").bearer(caller.accessToken())
        .send();
  }

  private static byte[] decode(String base64) {
    return java.util.Base64.getDecoder().decode(base64);
  }

  private static long count(String query) throws Exception {
    return Sql.count(server.database(), query);
  }
}
