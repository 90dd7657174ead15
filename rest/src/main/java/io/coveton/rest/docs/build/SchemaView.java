package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A schema as readers want it: a nested list of fields with their types, rules and descriptions. */
final class SchemaView {
  private static final int MAX_DEPTH = 4;
  private final JsonNode root;
  private final Html html;

  SchemaView(JsonNode root, Html html) {
    this.root = root;
    this.html = html;
  }

  String render(JsonNode schema) {
    StringBuilder out = new StringBuilder();
    JsonNode resolved = ApiOperation.resolve(root, schema);
    String name = schemaName(schema);
    out.append("<div class=\"schema\">");
    String type = typeOf(schema);
    out.append("<p class=\"schema-type\"><code>").append(Html.escape(type)).append("</code>");
    if (name != null && !name.equals(type)) {
      out.append(" <span class=\"schema-name\">").append(Html.escape(name)).append("</span>");
    }
    out.append("</p>");
    if (resolved.has("description") && name != null) {
      out.append(html.markdown(resolved.path("description").asText()));
    }
    fields(resolved, out, 0, new HashSet<>());
    return out.append("</div>").toString();
  }

  private void fields(JsonNode schema, StringBuilder out, int depth, Set<String> seen) {
    JsonNode object = objectOf(schema);
    if (object == null || !object.has("properties") || depth >= MAX_DEPTH) {
      return;
    }
    Set<String> required = new HashSet<>();
    object.path("required").forEach(r -> required.add(r.asText()));
    out.append("<ul class=\"fields\">");
    object.path("properties").fields().forEachRemaining(property -> {
      JsonNode value = property.getValue();
      JsonNode resolved = ApiOperation.resolve(root, value);
      out.append("<li><code class=\"field\">").append(Html.escape(property.getKey())).append("</code> <span class=\"type\">")
          .append(Html.escape(typeOf(value))).append("</span>");
      if (required.contains(property.getKey())) {
        out.append(" <span class=\"required\">required</span>");
      }
      String rules = rules(resolved);
      if (!rules.isEmpty()) {
        out.append(" <span class=\"rules\">").append(Html.escape(rules)).append("</span>");
      }
      String description = resolved.path("description").asText(value.path("description").asText(""));
      if (!description.isEmpty()) {
        out.append(html.markdown(description));
      }
      String ref = value.path("$ref").asText(value.path("items").path("$ref").asText(""));
      if (ref.isEmpty() || seen.add(ref)) {
        JsonNode nested = resolved.has("items") ? ApiOperation.resolve(root, resolved.get("items")) : resolved;
        fields(nested, out, depth + 1, seen);
        if (!ref.isEmpty()) {
          seen.remove(ref);
        }
      }
      out.append("</li>");
    });
    out.append("</ul>");
  }

  /** The object schema to list fields of: itself, or the object branch of an allOf / anyOf / oneOf. */
  private JsonNode objectOf(JsonNode schema) {
    JsonNode resolved = ApiOperation.resolve(root, schema);
    if (resolved.has("properties")) {
      return resolved;
    }
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      for (JsonNode branch : resolved.path(combinator)) {
        JsonNode found = objectOf(branch);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  String typeOf(JsonNode schema) {
    String name = schemaName(schema);
    JsonNode resolved = ApiOperation.resolve(root, schema);
    if (name != null && !resolved.has("enum") && !"string".equals(resolved.path("type").asText())) {
      return name;
    }
    if (resolved.has("const")) {
      return "\"" + resolved.get("const").asText() + "\"";
    }
    List<String> types = new ArrayList<>();
    JsonNode type = resolved.path("type");
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else if (type.isTextual()) {
      types.add(type.asText());
    }
    for (String combinator : List.of("anyOf", "oneOf")) {
      resolved.path(combinator).forEach(branch -> types.add(typeOf(branch)));
    }
    if (types.isEmpty() && resolved.has("allOf")) {
      resolved.path("allOf").forEach(branch -> types.add(typeOf(branch)));
      return String.join(" & ", types);
    }
    if (types.contains("array") && resolved.has("items")) {
      types.set(types.indexOf("array"), typeOf(resolved.get("items")) + "[]");
    }
    if (resolved.has("format")) {
      types.replaceAll(t -> t.equals("string") ? "string (" + resolved.get("format").asText() + ")" : t);
    }
    return types.isEmpty() ? "any" : String.join(" | ", types);
  }

  private static String rules(JsonNode schema) {
    List<String> rules = new ArrayList<>();
    if (schema.has("enum")) {
      List<String> values = new ArrayList<>();
      schema.get("enum").forEach(v -> values.add(v.isNull() ? "null" : v.asText()));
      rules.add("one of: " + String.join(", ", values));
    }
    for (String[] rule : new String[][] {{"minLength", "min length "}, {"maxLength", "max length "},
        {"minimum", "min "}, {"maximum", "max "}, {"minItems", "min items "}, {"maxItems", "max items "},
        {"pattern", "pattern "}, {"default", "default "}}) {
      if (schema.has(rule[0])) {
        rules.add(rule[1] + schema.get(rule[0]).asText());
      }
    }
    return String.join("; ", rules);
  }

  private static String schemaName(JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    return ref.startsWith("#/components/schemas/") ? ref.substring("#/components/schemas/".length()) : null;
  }
}
