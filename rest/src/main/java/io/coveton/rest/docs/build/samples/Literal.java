package io.coveton.rest.docs.build.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a JSON value as a literal of a language that has no JSON literal of its own (a Python
 * dict, a Ruby hash, a PHP array, a Go map, a Swift dictionary), indented for a sample.
 */
record Literal(String objectOpen, String objectClose, String emptyObject, String keyValue,
    String arrayOpen, String arrayClose, String nil, Function<String, String> quote,
    String nestedObjectSuffix, String nestedArraySuffix) {

  static final Literal PYTHON = new Literal("{", "}", "{}", "%s: %s", "[", "]", "None", Literal::doubleQuoted, "", "");
  static final Literal RUBY = new Literal("{", "}", "{}", "%s => %s", "[", "]", "nil", Literal::doubleQuotedNoInterpolation, "", "");
  static final Literal PHP = new Literal("[", "]", "[]", "%s => %s", "[", "]", "null", Literal::singleQuoted, "", "");
  static final Literal GO = new Literal("map[string]any{", "}", "map[string]any{}", "%s: %s", "[]any{", "}", "nil",
      Literal::doubleQuoted, "", "");
  static final Literal SWIFT = new Literal("[", "]", "[:]", "%s: %s", "[", "]", "NSNull()", Literal::swiftQuoted,
      " as [String: Any]", " as [Any]");

  /** {@code value} at the given indentation (the first line is not indented). */
  String write(JsonNode value, String indent, String step, boolean trailingComma) {
    return write(value, indent, step, trailingComma, true);
  }

  private String write(JsonNode value, String indent, String step, boolean trailingComma, boolean top) {
    if (value.isObject()) {
      if (value.isEmpty()) {
        return emptyObject;
      }
      List<String> entries = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        entries.add(keyValue.formatted(quote.apply(e.getKey()), write(e.getValue(), indent + step, step, trailingComma, false)));
      }
      return block(objectOpen, objectClose, entries, indent, step, trailingComma) + (top ? "" : nestedObjectSuffix);
    }
    if (value.isArray()) {
      if (value.isEmpty()) {
        return arrayOpen + arrayClose;
      }
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(write(item, indent + step, step, trailingComma, false)));
      return block(arrayOpen, arrayClose, items, indent, step, trailingComma) + (top ? "" : nestedArraySuffix);
    }
    if (value.isNull()) {
      return nil;
    }
    if (value.isTextual()) {
      return quote.apply(value.asText());
    }
    if (value.isBoolean()) {
      return this == PYTHON ? (value.asBoolean() ? "True" : "False") : value.asText();
    }
    return value.toString(); // numbers
  }

  private static String block(String open, String close, List<String> items, String indent, String step, boolean trailingComma) {
    StringBuilder out = new StringBuilder(open).append('\n');
    for (int i = 0; i < items.size(); i++) {
      out.append(indent).append(step).append(items.get(i));
      if (i < items.size() - 1 || trailingComma) {
        out.append(',');
      }
      out.append('\n');
    }
    return out.append(indent).append(close).toString();
  }

  static String doubleQuoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Ruby double-quoted strings interpolate {@code #{}}: escape the hash. */
  static String doubleQuotedNoInterpolation(String text) {
    return doubleQuoted(text).replace("#{", "\\#{");
  }

  static String swiftQuoted(String text) {
    return doubleQuoted(text).replaceAll("\\\\u([0-9a-f]{4})", "\\\\u{$1}");
  }

  static String singleQuoted(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
