package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TypeScript declarations for an operation's answer, from its schema: one interface per named
 * object schema it reaches (two levels deep; deeper ones are {@code Record<string, unknown>}).
 */
final class TypeScriptTypes {
  private static final int MAX_DEPTH = 2;
  private final JsonNode root;
  private final Map<String, String> interfaces = new LinkedHashMap<>();
  private final Set<String> pending = new HashSet<>();

  private TypeScriptTypes(JsonNode root) {
    this.root = root;
  }

  /** The answer's type and the declarations it needs. */
  record Typed(String type, List<String> declarations) {}

  static Typed of(JsonNode root, JsonNode schema) {
    TypeScriptTypes types = new TypeScriptTypes(root);
    String type = types.type(schema, 0);
    return new Typed(type, new ArrayList<>(types.interfaces.values()));
  }

  private String type(JsonNode schema, int depth) {
    String ref = schema.path("$ref").asText("");
    if (ref.startsWith("#/components/schemas/")) {
      String name = ref.substring("#/components/schemas/".length());
      JsonNode resolved = root.at(ref.substring(1));
      if (!resolved.has("properties")) {
        return type(resolved, depth);
      }
      if (depth > MAX_DEPTH) {
        return "Record<string, unknown>";
      }
      if (!interfaces.containsKey(name) && pending.add(name)) {
        interfaces.put(name, declaration(name, resolved, depth));
      }
      return name;
    }
    if (schema.has("const")) {
      return schema.get("const").toString();
    }
    if (schema.has("enum")) {
      List<String> values = new ArrayList<>();
      schema.get("enum").forEach(v -> values.add(v.toString()));
      return String.join(" | ", values);
    }
    for (String combinator : List.of("oneOf", "anyOf")) {
      if (schema.has(combinator)) {
        List<String> branches = new ArrayList<>();
        schema.get(combinator).forEach(b -> branches.add(type(b, depth)));
        return String.join(" | ", branches);
      }
    }
    if (schema.has("allOf")) {
      List<String> branches = new ArrayList<>();
      schema.get("allOf").forEach(b -> branches.add(type(b, depth)));
      return String.join(" & ", branches);
    }
    List<String> types = new ArrayList<>();
    JsonNode declared = schema.path("type");
    if (declared.isArray()) {
      declared.forEach(t -> types.add(primitive(t.asText(), schema, depth)));
    } else {
      types.add(primitive(declared.asText("object"), schema, depth));
    }
    return String.join(" | ", types);
  }

  private String primitive(String type, JsonNode schema, int depth) {
    return switch (type) {
      case "string" -> "string";
      case "integer", "number" -> "number";
      case "boolean" -> "boolean";
      case "null" -> "null";
      case "array" -> {
        String item = schema.has("items") ? type(schema.get("items"), depth + 1) : "unknown";
        yield item.matches("[A-Za-z<>, ]+") ? item + "[]" : "Array<" + item + ">";
      }
      default -> "Record<string, unknown>";
    };
  }

  private String declaration(String name, JsonNode schema, int depth) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    StringBuilder out = new StringBuilder("interface ").append(name).append(" {\n");
    schema.path("properties").fields().forEachRemaining(property -> {
      String key = property.getKey().matches("[A-Za-z_$][A-Za-z0-9_$]*") ? property.getKey() : "\"" + property.getKey() + "\"";
      out.append("  ").append(key).append(required.contains(property.getKey()) ? "" : "?").append(": ")
          .append(type(property.getValue(), depth + 1)).append(";\n");
    });
    return out.append("}\n").toString();
  }
}
