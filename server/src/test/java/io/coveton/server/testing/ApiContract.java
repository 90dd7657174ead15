package io.coveton.server.testing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's own OpenAPI document (as the build wrote it into the REST module) as a checker of
 * real answers: every answer the test client receives must come from a documented operation,
 * have a documented status, carry the documented required headers, and have a JSON body valid
 * against the documented schema. Unknown routes must answer the documented 404 envelope.
 */
public final class ApiContract {
  private static final java.util.Set<String> METHODS = java.util.Set.of("get", "put", "post", "delete", "patch");
  private static final String DOCUMENT_URI = "app://coveton/openapi.json";

  /** A documented operation: its method, its path template and where it lives in the document. */
  public record Operation(String method, String template, Pattern pattern, String pointer, JsonObject node) {}

  private final JsonObject document;
  private final List<Operation> operations = new ArrayList<>();
  private final SchemaRepository repository;
  private final Map<String, Validator> validators = new ConcurrentHashMap<>();

  private ApiContract(JsonObject document) {
    this.document = document;
    JsonSchemaOptions options = options();
    repository = SchemaRepository.create(options);
    // the repository annotates what it is given: keep the document itself untouched
    repository.dereference(DOCUMENT_URI, JsonSchema.of(document.copy()));
    JsonObject paths = document.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(template);
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue; // a path item's shared parameters or summary
        }
        String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
        operations.add(new Operation(method.toUpperCase(), template, Pattern.compile(regex),
            "/paths/" + escape(template) + "/" + method, item.getJsonObject(method)));
      }
    }
    // a literal segment wins over a parameter, as in the router (POST /v1/invites/accept)
    operations.sort(Comparator.comparingInt(op -> op.template().split("\\{", -1).length));
  }

  /** The document is the same for every client of a test JVM: parsed once, its validators shared. */
  private static final class Shared {
    static final ApiContract INSTANCE = read();
  }

  /** The document from the classpath (the REST module's build output). */
  public static ApiContract load() {
    return Shared.INSTANCE;
  }

  private static ApiContract read() {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream("coveton-docs/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("coveton-docs/openapi.json is not on the classpath (build the rest module)");
      }
      return new ApiContract(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonObject document() {
    return document;
  }

  public List<Operation> operations() {
    return List.copyOf(operations);
  }

  public Optional<Operation> find(String method, String path) {
    return operations.stream().filter(op -> op.method().equals(method) && op.pattern().matcher(path).matches()).findFirst();
  }

  /**
   * What is wrong with this exchange, or an empty list. A request the server accepted (2xx) with a
   * JSON body must also be valid against the documented request schema: what the server takes,
   * the description must allow.
   */
  public List<String> problems(String method, String pathAndQuery, String requestBody, ApiResult result) {
    String path = pathAndQuery.split("\\?", 2)[0];
    List<String> problems = new ArrayList<>();
    Optional<Operation> operation = find(method, path);
    if (operation.isEmpty()) {
      // the rate limit comes before routing: an unknown route is 404, or 429 once over the budget
      if (result.status() != 404 && result.status() != 429) {
        problems.add("an undocumented route answered " + result.status());
      } else {
        validate("/components/schemas/ErrorEnvelope", result.body(), problems);
      }
      return problems;
    }
    Operation op = operation.get();
    String status = Integer.toString(result.status());
    JsonObject requestJson = op.node().getJsonObject("requestBody", new JsonObject());
    if (requestJson.containsKey("$ref")) {
      requestJson = at(requestJson.getString("$ref").substring(1));
    }
    if (requestBody != null && status.startsWith("2")
        && requestJson.getJsonObject("content", new JsonObject()).containsKey("application/json")) {
      String where = requestJson == op.node().getJsonObject("requestBody") ? op.pointer() + "/requestBody" : null;
      validate((where != null ? where : op.pointer() + "/requestBody") + "/content/application~1json/schema",
          requestBody, problems);
    }
    JsonObject responses = op.node().getJsonObject("responses");
    String pointer = op.pointer() + "/responses/" + status;
    JsonObject response = responses.getJsonObject(status);
    if (response == null) {
      problems.add(op.method() + " " + op.template() + " (" + op.node().getString("operationId")
          + ") does not document status " + status);
      return problems;
    }
    if (response.containsKey("$ref")) {
      pointer = response.getString("$ref").substring(1);
      response = at(pointer);
    }
    JsonObject headers = response.getJsonObject("headers", new JsonObject());
    for (String name : headers.fieldNames()) {
      JsonObject header = resolve(headers.getJsonObject(name));
      if (header.getBoolean("required", false) && result.header(name) == null) {
        problems.add("header " + name + " is required and missing");
      }
    }
    if (!headers.containsKey("X-Request-Id") || result.header("X-Request-Id") == null) {
      problems.add("every answer carries X-Request-Id");
    }
    JsonObject content = response.getJsonObject("content");
    if (content == null) {
      if (!result.body().isEmpty()) {
        problems.add("status " + status + " documents no body but one came");
      }
      return problems;
    }
    String contentType = Optional.ofNullable(result.header("Content-Type")).orElse("").split(";")[0].trim();
    if (!content.containsKey(contentType)) {
      problems.add("content type '" + contentType + "' is not documented for " + status + " (" + content.fieldNames() + ")");
      return problems;
    }
    if (contentType.equals("application/json") && content.getJsonObject(contentType).containsKey("schema")) {
      validate(pointer + "/content/application~1json/schema", result.body(), problems);
    }
    return problems;
  }

  /** Each example request body of an operation that its own request schema refuses. */
  public List<String> exampleProblems(Operation op) {
    List<String> problems = new ArrayList<>();
    JsonObject requestBody = op.node().getJsonObject("requestBody");
    if (requestBody == null) {
      return problems;
    }
    String base = requestBody.containsKey("$ref") ? requestBody.getString("$ref").substring(1) : op.pointer() + "/requestBody";
    JsonObject json = at(base).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
    if (json == null || !json.containsKey("schema")) {
      return problems;
    }
    List<Object> examples = new ArrayList<>();
    if (json.containsKey("example")) {
      examples.add(json.getValue("example"));
    }
    JsonObject named = json.getJsonObject("examples", new JsonObject());
    named.fieldNames().forEach(name -> examples.add(resolve(named.getJsonObject(name)).getValue("value")));
    if (examples.isEmpty()) {
      problems.add(op.node().getString("operationId") + " has a JSON body but no example");
    }
    for (Object example : examples) {
      List<String> found = new ArrayList<>();
      validate(base + "/content/application~1json/schema", Json.encode(example), found);
      found.forEach(p -> problems.add(op.node().getString("operationId") + ": " + p));
    }
    return problems;
  }

  /** The documented example body of an operation's request (a copy), or null when it has none. */
  public JsonObject requestExample(Operation op) {
    JsonObject requestBody = op.node().getJsonObject("requestBody");
    if (requestBody == null) {
      return null;
    }
    JsonObject json = resolve(requestBody).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
    return json != null && json.getValue("example") instanceof JsonObject example ? example.copy() : null;
  }

  /** A node of the document, following its {@code $ref} when it is one. */
  public JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    return ref == null ? node : at(ref.substring(1));
  }

  private JsonObject at(String pointer) {
    return (JsonObject) JsonPointer.from(pointer).queryJson(document);
  }

  private void validate(String pointer, String body, List<String> problems) {
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      problems.add("the body is not JSON: " + abbreviated(body));
      return;
    }
    Validator validator = validators.computeIfAbsent(pointer, p ->
        repository.validator(JsonSchema.of(new JsonObject().put("$ref", DOCUMENT_URI + "#" + uriFragment(p))), options()));
    OutputUnit output = validator.validate(value);
    if (!Boolean.TRUE.equals(output.getValid())) {
      List<String> errors = new ArrayList<>();
      collect(output, errors);
      problems.add("the body does not match " + pointer + ": " + errors + " in " + abbreviated(body));
    }
  }

  private static void collect(OutputUnit unit, List<String> errors) {
    if (unit.getError() != null) {
      errors.add(unit.getInstanceLocation() + " " + unit.getError() + " (" + unit.getKeywordLocation() + ")");
    }
    if (unit.getErrors() != null) {
      unit.getErrors().forEach(e -> collect(e, errors));
    }
  }

  private static JsonSchemaOptions options() {
    return new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app://coveton/")
        .setOutputFormat(OutputFormat.Basic);
  }

  /** A JSON pointer as a URI fragment: the braces of path templates are not allowed there. */
  private static String uriFragment(String pointer) {
    return pointer.replace("{", "%7B").replace("}", "%7D");
  }

  private static String escape(String template) {
    return template.replace("~", "~0").replace("/", "~1");
  }

  private static String abbreviated(String body) {
    return body.length() > 600 ? body.substring(0, 600) + "..." : body;
  }
}
