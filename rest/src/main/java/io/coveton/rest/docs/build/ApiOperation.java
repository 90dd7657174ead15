package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One operation of the document, with what the reference page and the samples need of it. */
public record ApiOperation(String method, String path, String operationId, String tag, ObjectNode node,
    SampleRequest sample) {

  /** Every operation of the document, in document order. */
  public static List<ApiOperation> all(JsonNode root) {
    List<ApiOperation> operations = new ArrayList<>();
    String baseUrl = root.path("servers").path(0).path("url").asText();
    root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (OpenApiAssembly.METHODS.contains(op.getKey())) {
        ObjectNode node = (ObjectNode) op.getValue();
        String method = op.getKey().toUpperCase();
        operations.add(new ApiOperation(method, path.getKey(), node.path("operationId").asText(),
            node.path("tags").path(0).asText(), node, sampleOf(root, baseUrl, method, path.getKey(), node)));
      }
    }));
    return operations;
  }

  /** Signed in with a user's access token: the document's default security, unless the operation sets its own. */
  public static boolean takesAccessToken(JsonNode operation) {
    JsonNode security = operation.get("security");
    return security == null || (!security.isEmpty() && !takesMetricsToken(operation));
  }

  /** The operator's metrics token instead (only {@code /metrics}). */
  public static boolean takesMetricsToken(JsonNode operation) {
    return operation.path("security").toString().contains("metricsToken");
  }

  private static SampleRequest sampleOf(JsonNode root, String baseUrl, String method, String path, ObjectNode node) {
    String url = path;
    Map<String, String> query = new LinkedHashMap<>();
    boolean idempotent = false;
    for (JsonNode parameter : node.path("parameters")) {
      JsonNode resolved = resolve(root, parameter);
      String name = resolved.path("name").asText();
      String example = exampleOf(resolved);
      switch (resolved.path("in").asText()) {
        case "path" -> url = url.replace("{" + name + "}", example != null ? example : exampleId(path, name));
        case "query" -> {
          if (example != null) {
            query.put(name, example);
          }
        }
        case "header" -> idempotent |= name.equals("Idempotency-Key");
        default -> { }
      }
    }
    JsonNode body = null;
    JsonNode content = resolve(root, node.path("requestBody")).path("content").path("application/json");
    if (!content.isMissingNode()) {
      body = content.has("example") ? content.get("example")
          : content.path("examples").elements().hasNext()
              ? resolve(root, content.path("examples").elements().next()).path("value") : null;
    }
    TypeScriptTypes.Typed typed = TypeScriptTypes.of(root, successSchema(root, node));
    return new SampleRequest(method, baseUrl + url, query, takesAccessToken(node), takesMetricsToken(node), idempotent, body,
        answerOf(root, node), typed.type(), typed.declarations());
  }

  private static JsonNode successSchema(JsonNode root, ObjectNode node) {
    for (var it = node.path("responses").fields(); it.hasNext(); ) {
      var response = it.next();
      if (response.getKey().startsWith("2")) {
        JsonNode schema = resolve(root, response.getValue()).path("content").path("application/json").path("schema");
        if (!schema.isMissingNode()) {
          return schema;
        }
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static SampleRequest.Answer answerOf(JsonNode root, ObjectNode node) {
    for (var it = node.path("responses").fields(); it.hasNext(); ) {
      var response = it.next();
      if (response.getKey().startsWith("2") || response.getKey().startsWith("3")) {
        JsonNode content = resolve(root, response.getValue()).path("content");
        if (response.getKey().equals("204") || response.getKey().startsWith("3") || content.isEmpty()) {
          return SampleRequest.Answer.EMPTY;
        }
        return content.has("application/json") ? SampleRequest.Answer.JSON : SampleRequest.Answer.TEXT;
      }
    }
    return SampleRequest.Answer.EMPTY;
  }

  static JsonNode resolve(JsonNode root, JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : root.at(ref.asText().substring(1));
  }

  private static String exampleOf(JsonNode parameter) {
    JsonNode example = parameter.has("example") ? parameter.get("example") : parameter.path("schema").get("example");
    if (example == null && parameter.path("schema").has("enum")) {
      example = parameter.path("schema").path("enum").get(0);
    }
    return example == null || example.isNull() ? null : example.asText();
  }

  /** A plausible id for a path parameter without an example: its kind's prefix, from the path. */
  private static String exampleId(String path, String name) {
    String kind = name.equals("id") ? collectionBefore(path, "{id}") : name.replace("Id", "");
    String prefix = switch (kind) {
      case "user", "users" -> "usr_";
      case "organization", "organizations" -> "org_";
      case "chats" -> "chat_";
      case "messages" -> "msg_";
      case "devices", "device" -> "dev_";
      case "sessions" -> "ses_";
      case "files" -> "file_";
      case "teams" -> "team_";
      case "departments" -> "dept_";
      case "roles" -> "role_";
      case "invites" -> "inv_";
      case "webhook-endpoints" -> "we_";
      case "delivery" -> "whd_";
      default -> "id_";
    };
    return prefix + "8f2a6c1d";
  }

  private static String collectionBefore(String path, String parameter) {
    String[] segments = path.substring(0, path.indexOf(parameter)).split("/");
    return segments[segments.length - 1];
  }
}
