package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds the one OpenAPI document from its sources: the root file and one fragment per feature
 * under {@code paths/}. Adds what every operation shares, so that no fragment repeats it: the
 * request-id header on every answer, the rate-limit headers and a 429 on every rate-limited
 * operation, a 500 everywhere, the replay header where an Idempotency-Key is accepted, and on
 * every operation signed in with an access token the {@code X-Device-Id} header and its 403.
 * Refuses a source that defines a path, an operation id or a component twice, or a local
 * reference that names nothing.
 */
public final class OpenApiAssembly {
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final String RATE_LIMITED = "x-coveton-rate-limited";

  private final ObjectMapper yaml;

  public OpenApiAssembly(ObjectMapper yaml) {
    this.yaml = yaml;
  }

  public ObjectNode assemble(Path sourceDir) throws IOException {
    ObjectNode root = (ObjectNode) yaml.readTree(sourceDir.resolve("openapi.yaml").toFile());
    ObjectNode paths = root.withObject("/paths");
    ObjectNode components = root.withObject("/components");
    List<Path> fragments;
    try (Stream<Path> files = Files.list(sourceDir.resolve("paths"))) {
      fragments = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path fragment : fragments) {
      JsonNode tree = yaml.readTree(fragment.toFile());
      mergeInto(paths, tree.path("paths"), fragment + ": path ");
      for (Iterator<Map.Entry<String, JsonNode>> kinds = tree.path("components").fields(); kinds.hasNext(); ) {
        Map.Entry<String, JsonNode> kind = kinds.next();
        mergeInto(components.withObject("/" + kind.getKey()), kind.getValue(), fragment + ": component ");
      }
    }
    addSharedAnswers(root);
    checkOperationIds(root);
    checkReferences(root, root, "");
    return root;
  }

  private static void mergeInto(ObjectNode target, JsonNode source, String what) {
    for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (target.has(entry.getKey())) {
        throw new IllegalStateException(what + entry.getKey() + " is defined twice");
      }
      target.set(entry.getKey(), entry.getValue());
    }
  }

  private void addSharedAnswers(ObjectNode root) {
    ObjectNode sharedResponses = root.withObject("/components/responses");
    sharedResponses.fields().forEachRemaining(e -> addHeaders((ObjectNode) e.getValue(), false, false));
    for (ObjectNode operation : operations(root)) {
      boolean rateLimited = operation.path(RATE_LIMITED).asBoolean(true);
      boolean idempotent = false;
      for (JsonNode parameter : operation.path("parameters")) {
        idempotent |= parameter.path("$ref").asText().endsWith("/IdempotencyKey");
      }
      ObjectNode responses = operation.withObject("/responses");
      if (ApiOperation.takesAccessToken(operation)) {
        boolean named = false;
        for (JsonNode parameter : operation.path("parameters")) {
          named |= parameter.path("name").asText().equals("X-Device-Id")
              || parameter.path("$ref").asText().endsWith("/DeviceId");
        }
        if (!named) {
          operation.withArray("/parameters").addObject().put("$ref", "#/components/parameters/DeviceId");
        }
        if (!responses.has("403")) {
          responses.putObject("403").put("$ref", "#/components/responses/Forbidden");
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> response = it.next();
        if (!response.getValue().has("$ref")) {
          boolean success = response.getKey().startsWith("2");
          addHeaders((ObjectNode) response.getValue(), rateLimited, idempotent && success);
        }
      }
      if (rateLimited && !responses.has("429")) {
        responses.putObject("429").put("$ref", "#/components/responses/RateLimited");
      }
      if (!responses.has("500")) {
        responses.putObject("500").put("$ref", "#/components/responses/Internal");
      }
    }
  }

  /** Every answer carries the request id; a rate-limited operation's own answers carry the budget. */
  private static void addHeaders(ObjectNode response, boolean rateLimits, boolean replay) {
    ObjectNode headers = response.withObject("/headers");
    headers.putObject("X-Request-Id").put("$ref", "#/components/headers/X-Request-Id");
    if (rateLimits) {
      for (String name : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")) {
        headers.putObject(name).put("$ref", "#/components/headers/" + name);
      }
    }
    if (replay) {
      headers.putObject("Idempotent-Replayed").put("$ref", "#/components/headers/Idempotent-Replayed");
    }
  }

  /** Every operation of the document, in document order. */
  public static List<ObjectNode> operations(JsonNode root) {
    List<ObjectNode> operations = new ArrayList<>();
    root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (METHODS.contains(op.getKey())) {
        operations.add((ObjectNode) op.getValue());
      }
    }));
    return operations;
  }

  private static void checkOperationIds(JsonNode root) {
    Set<String> seen = new TreeSet<>();
    root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (!METHODS.contains(op.getKey())) {
        return;
      }
      String id = op.getValue().path("operationId").asText("");
      if (id.isEmpty() || !seen.add(id)) {
        throw new IllegalStateException(op.getKey().toUpperCase() + " " + path.getKey()
            + (id.isEmpty() ? " has no operationId" : " repeats operationId " + id));
      }
      if (!op.getValue().has("tags") || !op.getValue().has("summary")) {
        throw new IllegalStateException(id + " needs tags and a summary");
      }
      // the samples send what the examples say: a required query parameter needs one
      for (JsonNode parameter : op.getValue().path("parameters")) {
        JsonNode resolved = parameter.has("$ref") ? root.at(parameter.get("$ref").asText().substring(1)) : parameter;
        if (resolved.path("in").asText().equals("query") && resolved.path("required").asBoolean()
            && !resolved.has("example") && !resolved.path("schema").has("example")) {
          throw new IllegalStateException(id + ": required query parameter " + resolved.path("name").asText()
              + " has no example");
        }
      }
    }));
  }

  private static void checkReferences(JsonNode root, JsonNode node, String where) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String target = ref.asText();
        if (!target.startsWith("#/") || root.at(target.substring(1)).isMissingNode()) {
          throw new IllegalStateException(where + ": $ref " + target + " names nothing in the document");
        }
      }
      node.fields().forEachRemaining(e -> checkReferences(root, e.getValue(), where + "/" + e.getKey()));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        checkReferences(root, array.get(i), where + "/" + i);
      }
    }
  }
}
