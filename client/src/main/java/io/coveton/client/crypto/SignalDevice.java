package io.coveton.client.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveton.client.api.Models;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * One device's end of the Signal protocol: its keys for the key directory, a double-ratchet
 * session per device it talks to (set up from that device's prekey bundle), and message sealing.
 * A message is encrypted once with a fresh AES-256-GCM key; that key is sealed to each recipient
 * device through its session, which is that device's envelope. The server sees neither key.
 * Safe to use from several threads (a relay connection opening while the app sends): the calls
 * that touch the protocol state take turns.
 */
public final class SignalDevice {
  /** Coveton device ids name the peer; the Signal device number is always 1 (one identity per device). */
  private static final int SIGNAL_DEVICE = 1;
  private static final int SIGNED_PREKEY_ID = 1;
  private static final int LAST_RESORT_ID = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DeviceState state;
  private final ObjectMapper json;

  public SignalDevice(DeviceState state, ObjectMapper json) {
    this.state = state;
    this.json = json;
  }

  public DeviceState state() {
    return state;
  }

  public IdentityKey identityKey() {
    return state.getIdentityKeyPair().getPublicKey();
  }

  /** The first upload: identity, signed prekey, last-resort Kyber prekey and {@code count} one-time keys of each kind. */
  public synchronized ObjectNode firstUpload(int count) {
    ObjectNode upload = base();
    ECKeyPair signed = ECKeyPair.generate();
    byte[] signedPublic = signed.getPublicKey().serialize();
    byte[] signedSignature = state.getIdentityKeyPair().getPrivateKey().calculateSignature(signedPublic);
    state.storeSignedPreKey(SIGNED_PREKEY_ID, new SignedPreKeyRecord(SIGNED_PREKEY_ID, System.currentTimeMillis(), signed,
        signedSignature));
    upload.putObject("signedPreKey").put("keyId", SIGNED_PREKEY_ID).put("publicKey", b64(signedPublic))
        .put("signature", b64(signedSignature));
    KEMKeyPair lastResort = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
    state.lastResortKyberPreKeyId(LAST_RESORT_ID);
    upload.set("kyberLastResortPreKey", kyber(LAST_RESORT_ID, lastResort));
    return refill(upload, count);
  }

  /** An upload that replaces both one-time pools with {@code count} fresh keys each. */
  public synchronized ObjectNode refill(int count) {
    return refill(base(), count);
  }

  private ObjectNode refill(ObjectNode upload, int count) {
    int first = Math.max(state.nextPreKeyId(), 2);
    ArrayNode preKeys = upload.putArray("preKeys");
    ArrayNode kyberKeys = upload.putArray("kyberPreKeys");
    for (int id = first; id < first + count; id++) {
      ECKeyPair pair = ECKeyPair.generate();
      state.storePreKey(id, new PreKeyRecord(id, pair));
      preKeys.addObject().put("keyId", id).put("publicKey", b64(pair.getPublicKey().serialize()));
      kyberKeys.add(kyber(id, KEMKeyPair.generate(KEMKeyType.KYBER_1024)));
    }
    state.nextPreKeyId(first + count);
    return upload;
  }

  private ObjectNode kyber(int id, KEMKeyPair pair) {
    byte[] publicKey = pair.getPublicKey().serialize();
    byte[] signature = state.getIdentityKeyPair().getPrivateKey().calculateSignature(publicKey);
    state.storeKyberPreKey(id, new KyberPreKeyRecord(id, System.currentTimeMillis(), pair, signature));
    return json.createObjectNode().put("keyId", id).put("publicKey", b64(publicKey)).put("signature", b64(signature));
  }

  private ObjectNode base() {
    return json.createObjectNode().put("registrationId", state.getLocalRegistrationId())
        .put("identityKey", b64(identityKey().serialize()));
  }

  public synchronized boolean hasSession(String deviceId) {
    return state.containsSession(address(deviceId));
  }

  /** Sets up the session with a device from its bundle (the first message to it then carries the prekey exchange). */
  public synchronized void startSession(Models.PreKeyBundle bundle) {
    try {
      ECPublicKey preKey = bundle.preKey() == null ? null : new ECPublicKey(unb64(bundle.preKey().publicKey()));
      PreKeyBundle signal = new PreKeyBundle(bundle.registrationId(), SIGNAL_DEVICE,
          bundle.preKey() == null ? PreKeyBundle.NULL_PRE_KEY_ID : bundle.preKey().keyId(), preKey,
          bundle.signedPreKey().keyId(), new ECPublicKey(unb64(bundle.signedPreKey().publicKey())),
          unb64(bundle.signedPreKey().signature()), new IdentityKey(unb64(bundle.identityKey())),
          bundle.kyberPreKey().keyId(), new KEMPublicKey(unb64(bundle.kyberPreKey().publicKey())),
          unb64(bundle.kyberPreKey().signature()));
      new SessionBuilder(state, address(bundle.deviceId())).process(signal);
    } catch (InvalidKeyException | org.signal.libsignal.protocol.UntrustedIdentityException e) {
      throw new SecurityException("the prekey bundle of " + bundle.deviceId() + " does not verify", e);
    }
  }

  /** Drops the session with a device that is no longer a recipient. */
  public synchronized void forget(String deviceId) {
    state.deleteSession(address(deviceId));
  }

  /** A message sealed for its recipients: the ciphertext and one envelope per device. */
  public record Sealed(String ciphertext, List<Models.Envelope> envelopes) {}

  /** What a message is bound to: a server cannot move it to another chat, sender or content type. */
  public record Context(String chatId, String senderDeviceId, String contentType) {
    byte[] associatedData() {
      return (chatId + "\n" + senderDeviceId + "\n" + contentType).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Encrypts {@code plaintext} once (AES-256-GCM, bound to its context) and seals, to each device
   * through its session, the message key with the SHA-256 of the ciphertext: every recipient
   * opens exactly the ciphertext the sender sealed, not one another member substituted.
   */
  public synchronized Sealed seal(byte[] plaintext, Context context, List<String> deviceIds) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    byte[] ciphertext = aesGcm(Cipher.ENCRYPT_MODE, key, plaintext, context.associatedData());
    byte[] sealedContent = ByteBuffer.allocate(64).put(key).put(sha256(ciphertext)).array();
    List<Models.Envelope> envelopes = deviceIds.stream().map(deviceId -> {
      try {
        CiphertextMessage sealedKey = new SessionCipher(state, address(deviceId)).encrypt(sealedContent);
        byte[] framed = ByteBuffer.allocate(1 + sealedKey.serialize().length).put((byte) sealedKey.getType())
            .put(sealedKey.serialize()).array();
        return new Models.Envelope(deviceId, b64(framed));
      } catch (org.signal.libsignal.protocol.NoSessionException | org.signal.libsignal.protocol.UntrustedIdentityException e) {
        throw new IllegalStateException("no usable session with " + deviceId, e);
      }
    }).toList();
    return new Sealed(b64(ciphertext), envelopes);
  }

  /** Opens a message for this device: its envelope (from the context's sender device), then its ciphertext. */
  public synchronized byte[] open(Context context, String header, String ciphertext) {
    try {
      byte[] framed = unb64(header);
      byte[] body = java.util.Arrays.copyOfRange(framed, 1, framed.length);
      SessionCipher cipher = new SessionCipher(state, address(context.senderDeviceId()));
      byte[] sealedContent = framed[0] == CiphertextMessage.PREKEY_TYPE ? cipher.decrypt(new PreKeySignalMessage(body))
          : cipher.decrypt(new SignalMessage(body));
      byte[] sealed = unb64(ciphertext);
      if (sealedContent.length != 64 || !java.security.MessageDigest.isEqual(
          java.util.Arrays.copyOfRange(sealedContent, 32, 64), sha256(sealed))) {
        throw new SecurityException("the ciphertext is not the one its sender sealed");
      }
      return aesGcm(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(sealedContent, 32), sealed, context.associatedData());
    } catch (SecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new SecurityException("the envelope from " + context.senderDeviceId() + " does not open", e);
    }
  }

  /**
   * The safety number two people compare to verify each other's device keys: 60 digits, the same
   * on both sides (the Signal protocol's numeric fingerprint over both identities).
   */
  public String safetyNumber(String localUserId, String remoteUserId, IdentityKey remoteIdentity) {
    return new NumericFingerprintGenerator(5200).createFor(2, localUserId.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        identityKey(), remoteUserId.getBytes(java.nio.charset.StandardCharsets.UTF_8), remoteIdentity)
        .getDisplayableFingerprint().getDisplayText();
  }

  /** The identity key this device has seen for a peer device (after a session with it), or null. */
  public synchronized IdentityKey identityOf(String deviceId) {
    return state.getIdentity(address(deviceId));
  }

  private static SignalProtocolAddress address(String deviceId) {
    return new SignalProtocolAddress(deviceId, SIGNAL_DEVICE);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** AES-256-GCM with a random 12-byte nonce in front of the ciphertext. */
  private static byte[] aesGcm(int mode, byte[] key, byte[] input, byte[] associatedData) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      if (mode == Cipher.ENCRYPT_MODE) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        byte[] sealed = cipher.doFinal(input);
        return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
      }
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, input, 0, 12));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(input, 12, input.length - 12);
    } catch (GeneralSecurityException e) {
      throw new SecurityException("the message does not decrypt", e);
    }
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] unb64(String text) {
    return Base64.getDecoder().decode(text);
  }
}
