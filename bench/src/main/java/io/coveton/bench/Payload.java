package io.coveton.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * The ciphertext the harness sends: base64 text of a fixed size whose first {@value #HEADER_CHARS}
 * characters carry the send time, the sender's number and its sequence number, so that a receiver
 * reads latency and order from the message itself; random filler makes up the rest.
 */
final class Payload {
  static final int HEADER_CHARS = 60;
  /** A multiple of 3: header and filler are encoded apart and their base64 texts concatenate. */
  private static final int HEADER_BYTES = 45;
  private static final byte[] MAGIC = "CVB1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private final String filler;

  /** What a receiver reads back from a payload. */
  record Header(long sentNanos, int sender, long sequence) {}

  Payload(int payloadBytes) {
    int chars = Math.max(HEADER_CHARS, (payloadBytes + 3) / 4 * 4);
    byte[] random = new byte[(chars - HEADER_CHARS) / 4 * 3];
    // incompressible, so that compression anywhere on the path could not flatter one target
    new Random(payloadBytes).nextBytes(random);
    filler = Base64.getEncoder().encodeToString(random);
  }

  /** The size of every payload, in characters (= bytes: base64 is ASCII). */
  int length() {
    return HEADER_CHARS + filler.length();
  }

  /** A payload stamped with the current time. */
  String encode(int sender, long sequence) {
    byte[] header = new byte[HEADER_BYTES];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    hex(header, 4, System.nanoTime(), 16);
    hex(header, 20, sender, 8);
    hex(header, 28, sequence, 16);
    header[44] = '.';
    return Base64.getEncoder().encodeToString(header) + filler;
  }

  /** The header of a payload the harness made, or null for anything else. */
  static Header read(String text) {
    if (text == null || text.length() < HEADER_CHARS) {
      return null;
    }
    return read(text.substring(0, HEADER_CHARS).getBytes(StandardCharsets.US_ASCII), 0);
  }

  /** The header of the payload starting at {@code offset}, or null if it is not one of ours. */
  static Header read(byte[] data, int offset) {
    if (data.length - offset < HEADER_CHARS) {
      return null;
    }
    byte[] header;
    try {
      byte[] text = new byte[HEADER_CHARS];
      System.arraycopy(data, offset, text, 0, HEADER_CHARS);
      header = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (header[i] != MAGIC[i]) {
        return null;
      }
    }
    return new Header(unhex(header, 4, 16), (int) unhex(header, 20, 8), unhex(header, 28, 16));
  }

  private static void hex(byte[] into, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      into[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  private static long unhex(byte[] from, int at, int digits) {
    long value = 0;
    for (int i = 0; i < digits; i++) {
      value = (value << 4) | Character.digit(from[at + i], 16);
    }
    return value;
  }
}
