package io.coveton.shared.passwords;

import io.coveton.shared.config.CovetonConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * argon2id password hashing in the PHC string format. CPU- and memory-heavy by design: call it
 * only from a worker thread, never from an event loop.
 */
public final class PasswordHasher {
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
  private final SecureRandom random = new SecureRandom();
  private final CovetonConfig.PasswordSettings settings;
  private final String dummyHash;

  public PasswordHasher(CovetonConfig.PasswordSettings settings) {
    this.settings = settings;
    this.dummyHash = hash("coveton-timing-equaliser");
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    int m = settings.argon2MemoryKib();
    int t = settings.argon2Iterations();
    int p = settings.argon2Parallelism();
    byte[] out = derive(password, salt, m, t, p, 32);
    return "$argon2id$v=19$m=" + m + ",t=" + t + ",p=" + p + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  /** Constant-time check of a password against a stored PHC hash; false for any malformed hash. */
  public boolean verify(String password, String storedHash) {
    String[] parts = storedHash == null ? new String[0] : storedHash.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id")) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        String[] pair = kv.split("=");
        int value = Integer.parseInt(pair[1]);
        switch (pair[0]) {
          case "m" -> m = value;
          case "t" -> t = value;
          case "p" -> p = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64_DECODER.decode(parts[4]);
      byte[] expected = B64_DECODER.decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Spends the same work as a real check, so that an unknown account answers in the same time. */
  public void verifyAgainstDummy(String password) {
    verify(password, dummyHash);
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(m)
        .withIterations(t)
        .withParallelism(p)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
