package io.coveton.shared.validation;

import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * JSON may carry U+0000 in any string, Postgres stores it in no {@code text} or {@code jsonb}
 * value. Requests (REST bodies and relay frames alike) are checked once where they are parsed, so
 * such a value is a validation error naming its field instead of a failed write.
 */
public final class NulCharacters {
  public static final String MESSAGE = "must not contain the NUL character (U+0000)";
  private static final int ESCAPE_LENGTH = "\\u0000".length();
  /** The escape's four ASCII zeros read as one big-endian int. */
  private static final int ZEROS = 0x30303030;

  private NulCharacters() {}

  /**
   * False when the JSON text {@code json} cannot decode to a string holding U+0000: JSON can only
   * carry it as the escape {@code \u0000} (a raw control character is a parse error), so text
   * without that sequence needs no walk of the parsed tree. {@code json} is its UTF-8 bytes.
   */
  public static boolean mayHoldNul(ByteBuf json) {
    int end = json.writerIndex();
    int from = json.readerIndex();
    while (true) {
      // a single-byte search is word-at-a-time in Netty; a search for the whole sequence is not
      int backslash = json.indexOf(from, end, (byte) '\\');
      if (backslash < 0 || backslash + ESCAPE_LENGTH > end) {
        return false;
      }
      if (json.getByte(backslash + 1) == 'u' && json.getInt(backslash + 2) == ZEROS) {
        return true;
      }
      from = backslash + 1;
    }
  }

  /** The path of the first string or key holding U+0000 ({@code envelopes[0].header}), or null. */
  public static String firstPath(JsonObject json) {
    return inObject(json, "");
  }

  private static String inObject(JsonObject object, String prefix) {
    for (Map.Entry<String, Object> entry : object) {
      String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      if (entry.getKey().indexOf('\u0000') >= 0) {
        return prefix.isEmpty() ? "(a key)" : prefix;
      }
      String found = inValue(entry.getValue(), path);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String inValue(Object value, String path) {
    if (value instanceof String text) {
      return text.indexOf('\u0000') >= 0 ? path : null;
    }
    if (value instanceof JsonObject object) {
      return inObject(object, path);
    }
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String found = inValue(array.getValue(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
