package io.coveton.shared.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys that seal secrets at rest: the first is current (new secrets are sealed
 * with it), the others still open what they sealed, which is how a key is rotated. Each is an id
 * and 32 random bytes, written {@code id:base64}. From configuration
 * ({@code COVETON_KEY_ENCRYPTION_KEYS}, comma-separated, the same on every node of a cluster), or
 * else from a file in the data folder, created with one fresh key and mode 0600 on first start.
 */
public final class KeyRing {
  public static final String FILE_NAME = "key-encryption-keys";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private final String currentId;
  private final Map<String, SecretKey> keys;

  private KeyRing(Map<String, SecretKey> keys) {
    this.currentId = keys.keySet().iterator().next();
    this.keys = Map.copyOf(keys);
  }

  /** Parses {@code id:base64,id:base64,...}; {@code source} names it in error messages. */
  public static KeyRing parse(List<String> entries, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String entry : entries) {
      String[] parts = entry.trim().split(":", 2);
      if (parts.length != 2 || !ID.matcher(parts[0]).matches()) {
        throw new IllegalArgumentException(source + ": each key must be written id:base64 (id of A-Z a-z 0-9 _ -)");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(parts[1].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": key " + parts[0] + " is not base64");
      }
      if (bytes.length != 32) {
        throw new IllegalArgumentException(source + ": key " + parts[0] + " must be 32 bytes, not " + bytes.length);
      }
      if (keys.put(parts[0], new SecretKeySpec(bytes, "AES")) != null) {
        throw new IllegalArgumentException(source + ": key id " + parts[0] + " appears twice");
      }
      Arrays.fill(bytes, (byte) 0);
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + ": no key");
    }
    return new KeyRing(keys);
  }

  /**
   * The configured keys, or else the data folder's key file, created on first use. A cluster's nodes
   * have a data folder each, so they must share configured keys.
   */
  public static KeyRing configuredOrInDataFolder(List<String> configured, Path dataDir) {
    if (!configured.isEmpty()) {
      return parse(configured, "COVETON_KEY_ENCRYPTION_KEYS");
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDir);
        // a random id: a node that finds a value sealed by another node's key file can say so
        String line = newKey("k" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL)) + "\n";
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
          .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      return parse(lines, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  /** A fresh key in the {@code id:base64} form, for operators adding one. */
  public static String newKey(String id) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return id + ":" + Base64.getEncoder().encodeToString(key);
  }

  String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  SecretKey find(String id) {
    return keys.get(id);
  }
}
