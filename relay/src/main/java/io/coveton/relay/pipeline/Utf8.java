package io.coveton.relay.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 validation of a whole text frame. Relay frames are almost entirely ASCII (base64
 * ciphertexts and headers, ids), so eight bytes at a time are checked for a high bit first, and only
 * from the first word that has one does Netty's full well-formedness check (overlong forms,
 * surrogates, truncated sequences) run. Every byte before that word is ASCII, so it starts on a
 * character boundary.
 */
final class Utf8 {
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  static boolean isValid(ByteBuf bytes) {
    int index = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (end - index >= Long.BYTES && (bytes.getLong(index) & HIGH_BITS) == 0) {
      index += Long.BYTES;
    }
    while (index < end && bytes.getByte(index) >= 0) {
      index++;
    }
    return index == end || ByteBufUtil.isText(bytes, index, end - index, StandardCharsets.UTF_8);
  }
}
