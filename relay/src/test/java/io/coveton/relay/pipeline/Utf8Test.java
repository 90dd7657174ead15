package io.coveton.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private static boolean valid(byte[] bytes) {
    return Utf8.isValid(Unpooled.wrappedBuffer(bytes));
  }

  @Test
  void asciiAndWellFormedMultiByteTextIsValidAtEveryOffset() {
    for (int prefix = 0; prefix < 20; prefix++) {
      String text = "a".repeat(prefix) + "é€😀 naïve" + "b".repeat(prefix % 9);
      assertTrue(valid(text.getBytes(StandardCharsets.UTF_8)), text);
    }
    assertTrue(valid(new byte[0]));
    assertTrue(valid("{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void malformedSequencesAreRefusedWhereverTheyStart() {
    byte[][] bad = {
        {(byte) 0xC0, (byte) 0xAF},                          // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},             // a UTF-16 surrogate
        {(byte) 0xE2, (byte) 0x82},                          // truncated euro sign
        {(byte) 0x80},                                       // a lone continuation byte
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
        {(byte) 0xFF}};
    for (byte[] sequence : bad) {
      for (int prefix = 0; prefix < 20; prefix++) {
        byte[] text = new byte[prefix + sequence.length + 3];
        java.util.Arrays.fill(text, (byte) 'x');
        System.arraycopy(sequence, 0, text, prefix, sequence.length);
        assertFalse(valid(text), "sequence at " + prefix);
      }
    }
  }

  @Test
  void onlyTheReadableBytesAreChecked() {
    byte[] bytes = {(byte) 0xFF, 'o', 'k', (byte) 0xFF};
    assertTrue(Utf8.isValid(Unpooled.wrappedBuffer(bytes, 1, 2)));
  }
}
