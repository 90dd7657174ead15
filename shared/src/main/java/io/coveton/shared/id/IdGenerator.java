package io.coveton.shared.id;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opaque, URL-safe, prefixed ids that sort in creation order: 48 bits of milliseconds, a 16-bit
 * counter that keeps ids from one node monotonic within a millisecond, and 64 random bits, in
 * lower-case Crockford base32.
 */
public final class IdGenerator {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong lastStamp = new AtomicLong();

  public String next(IdPrefix prefix) {
    long stamp = nextStamp();
    long millis = stamp >>> 16;
    long counter = stamp & 0xFFFF;
    long high = (millis << 16) | counter;
    long low = random.nextLong();
    char[] out = new char[26];
    // 128 bits -> 26 base32 chars (130 bits, top two always zero)
    for (int i = 25; i >= 0; i--) {
      int index = (int) (low & 31);
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
      out[i] = ALPHABET[index];
    }
    return prefix.text() + new String(out);
  }

  private long nextStamp() {
    while (true) {
      long previous = lastStamp.get();
      long candidate = System.currentTimeMillis() << 16;
      long next = candidate > previous ? candidate : previous + 1;
      if (lastStamp.compareAndSet(previous, next)) {
        return next;
      }
    }
  }
}
