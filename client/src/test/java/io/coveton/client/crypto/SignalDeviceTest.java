package io.coveton.client.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveton.client.api.Models;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two devices' Signal state on disk, without a server: sealing, opening, binding and what is kept. */
class SignalDeviceTest {
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path folder;

  @Test
  void aMessageOpensOnceForItsRecipientAndOnlyInTheContextItWasSealedFor() throws Exception {
    SignalDevice alice = new SignalDevice(FileDeviceState.open(folder.resolve("alice")), json);
    SignalDevice bob = new SignalDevice(FileDeviceState.open(folder.resolve("bob")), json);
    alice.state().deviceId("dev_alice");
    bob.state().deviceId("dev_bob");
    alice.firstUpload(2);
    JsonNode bobsKeys = bob.firstUpload(2);
    alice.startSession(bundle("usr_bob", "dev_bob", bobsKeys));

    SignalDevice.Context context = new SignalDevice.Context("chat_1", "dev_alice", "text/plain");
    SignalDevice.Sealed first = alice.seal(bytes("the vault code is 4711"), context, List.of("dev_bob"));
    assertFalse(first.ciphertext().contains("vault"));
    assertArrayEquals(bytes("the vault code is 4711"), bob.open(context, first.envelopes().get(0).header(),
        first.ciphertext()));
    assertThrows(SecurityException.class, () -> bob.open(context, first.envelopes().get(0).header(), first.ciphertext()),
        "a Signal message opens once");

    // a restart keeps the session: the next message opens from the state on disk
    SignalDevice bobAgain = new SignalDevice(FileDeviceState.open(folder.resolve("bob")), json);
    SignalDevice.Sealed moved = alice.seal(bytes("meet at noon"), context, List.of("dev_bob"));
    assertThrows(SecurityException.class, () -> bobAgain.open(new SignalDevice.Context("chat_2", "dev_alice", "text/plain"),
        moved.envelopes().get(0).header(), moved.ciphertext()), "a message moved to another chat does not open");
    SignalDevice.Sealed swapped = alice.seal(bytes("meet at one"), context, List.of("dev_bob"));
    SignalDevice.Sealed substitute = alice.seal(bytes("meet at two"), context, List.of("dev_bob"));
    assertThrows(SecurityException.class, () -> bobAgain.open(context, swapped.envelopes().get(0).header(),
        substitute.ciphertext()), "another ciphertext under this envelope does not open");
    assertArrayEquals(bytes("meet at two"), bobAgain.open(context, substitute.envelopes().get(0).header(),
        substitute.ciphertext()), "later messages still open after skipped ones");

    // the one-time Kyber prekey the session used is gone from disk; the last-resort one stays
    int usedKyber = bobsKeys.path("kyberPreKeys").get(0).path("keyId").asInt();
    assertFalse(Files.exists(folder.resolve("bob").resolve("kyber." + usedKyber)));
    assertTrue(Files.exists(folder.resolve("bob").resolve("kyber.1")));
    assertFalse(new SignalDevice(FileDeviceState.open(folder.resolve("bob")), json).state().containsKyberPreKey(usedKyber));

    assertEquals(bob.safetyNumber("usr_bob", "usr_alice", bob.identityOf("dev_alice")),
        alice.safetyNumber("usr_alice", "usr_bob", alice.identityOf("dev_bob")));
  }

  @Test
  void theStateFolderAndEveryFileInItAreTheOwnersAlone() throws Exception {
    SignalDevice device = new SignalDevice(FileDeviceState.open(folder.resolve("private")), json);
    device.firstUpload(1);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("private"))));
    try (Stream<Path> files = Files.list(folder.resolve("private"))) {
      for (Path file : files.toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The bundle the key directory would answer for an upload (its first one-time keys). */
  private Models.PreKeyBundle bundle(String userId, String deviceId, JsonNode upload) {
    JsonNode signed = upload.path("signedPreKey");
    JsonNode preKey = upload.path("preKeys").get(0);
    JsonNode kyber = upload.path("kyberPreKeys").get(0);
    return new Models.PreKeyBundle(userId, deviceId, upload.path("registrationId").asInt(), upload.path("identityKey").asText(),
        new Models.SignedPreKey(signed.path("keyId").asInt(), signed.path("publicKey").asText(), signed.path("signature").asText()),
        new Models.OneTimePreKey(preKey.path("keyId").asInt(), preKey.path("publicKey").asText()),
        new Models.KyberPreKey(kyber.path("keyId").asInt(), kyber.path("publicKey").asText(), kyber.path("signature").asText(),
            false));
  }
}
