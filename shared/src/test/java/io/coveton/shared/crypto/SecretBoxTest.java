package io.coveton.shared.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  private final String oldKey = KeyRing.newKey("old");
  private final String newKey = KeyRing.newKey("new");

  @Test
  void aSealedValueOpensOnlyForItsContextAndHidesThePlaintext() {
    SecretBox box = new SecretBox(KeyRing.parse(List.of(newKey), "test"));
    byte[] secret = "rt_the-refresh-token".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = box.seal(secret, "row-1");
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("rt_the-refresh-token"));
    assertArrayEquals(secret, box.open(sealed, "row-1"));
    assertThrows(IllegalStateException.class, () -> box.open(sealed, "row-2"), "copied into another row");
    sealed[sealed.length - 1] ^= 1;
    assertThrows(IllegalStateException.class, () -> box.open(sealed, "row-1"), "tampered");
    assertFalse(java.util.Arrays.equals(box.seal(secret, "row-1"), box.seal(secret, "row-1")), "fresh nonce each time");
  }

  @Test
  void afterARotationOldValuesStillOpenNewOnesUseTheNewKeyAndTheOldKeyAloneCannotOpenThem() {
    SecretBox before = new SecretBox(KeyRing.parse(List.of(oldKey), "test"));
    String sealedBefore = before.sealText("-----BEGIN PRIVATE KEY-----", "signing_key|k");
    SecretBox rotated = new SecretBox(KeyRing.parse(List.of(newKey, oldKey), "test"));
    assertEquals("-----BEGIN PRIVATE KEY-----", rotated.openText(sealedBefore, "signing_key|k"));
    assertTrue(rotated.sealedWithOlderKey(sealedBefore));
    String sealedAfter = rotated.sealText("-----BEGIN PRIVATE KEY-----", "signing_key|k");
    assertFalse(rotated.sealedWithOlderKey(sealedAfter));
    IllegalStateException unknown = assertThrows(IllegalStateException.class,
        () -> before.openText(sealedAfter, "signing_key|k"));
    assertTrue(unknown.getMessage().contains("'new'"), unknown.getMessage());
  }

  @Test
  void badKeysAreRefusedWithTheirNameAndNeverEchoed() {
    IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
        () -> KeyRing.parse(List.of("a:c2hvcnQ="), "COVETON_KEY_ENCRYPTION_KEYS"));
    assertTrue(shortKey.getMessage().contains("32 bytes"));
    assertFalse(shortKey.getMessage().contains("c2hvcnQ"));
    assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(List.of("no-colon"), "x"));
    assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(List.of(newKey, newKey), "x"));
  }

  @Test
  void withoutConfiguredKeysAKeyFileIsCreatedOwnerOnlyAndReusedOnTheNextStart(@TempDir Path dataDir) throws Exception {
    SecretBox first = new SecretBox(KeyRing.configuredOrInDataFolder(List.of(), dataDir));
    Path file = dataDir.resolve(KeyRing.FILE_NAME);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String sealed = first.sealText("secret", "ctx");
    SecretBox second = new SecretBox(KeyRing.configuredOrInDataFolder(List.of(), dataDir));
    assertEquals("secret", second.openText(sealed, "ctx"));
  }
}
