package io.coveton.server.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiContract;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's description against the running server: the router and the document name the same
 * operations, the document and page are served (not rate limited, with this server's URL), and
 * the page's cURL samples of read-only operations run as printed.
 */
class ApiDescriptionTest {
  private static final String PUBLIC_URL = "https://chat.example.org";
  private static final int RATE_LIMIT = 10;

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_METRICS_TOKEN", "metrics-token-for-the-route-table")
      .with("COVETON_PUBLIC_API_URL", PUBLIC_URL)
      .with("COVETON_RATE_LIMIT_PER_MINUTE", Integer.toString(RATE_LIMIT));

  private final ApiContract contract = ApiContract.load();

  @Test
  void everyRoutedOperationIsDocumentedAndEveryDocumentedOneIsRouted() {
    Set<String> routed = new TreeSet<>();
    server.restRoutes().forEach(route -> routed.add(route.replaceAll(":([A-Za-z]+)", "{$1}")));
    Set<String> documented = new TreeSet<>();
    contract.operations().forEach(op -> documented.add(op.method() + " " + op.template()));
    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    Set<String> unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    assertEquals(Set.of(), undocumented, "routes missing from the OpenAPI document");
    assertEquals(Set.of(), unrouted, "documented operations the router does not serve");
    assertTrue(routed.size() > 90, "the whole surface: " + routed.size());
  }

  @Test
  void theDocumentIsServedAsJsonAndYamlWithThisServersUrlAndIsNotRateLimited() throws IOException {
    ApiResult json = null;
    for (int i = 0; i < RATE_LIMIT * 2; i++) {
      json = server.api().get("/v1/openapi.json").send().expect(200);
      assertNull(json.header("X-RateLimit-Limit"), "not rate limited");
    }
    JsonObject document = json.json();
    assertEquals("3.1.0", document.getString("openapi"));
    assertEquals(PUBLIC_URL, document.getJsonArray("servers").getJsonObject(0).getString("url"));
    ObjectMapper mapper = new ObjectMapper();
    JsonNode fromYaml = new ObjectMapper(new YAMLFactory())
        .readTree(server.api().get("/v1/openapi.yaml").send().expect(200).body());
    assertEquals(mapper.readTree(json.body()), fromYaml, "the YAML is the same document");
    JsonNode asyncApi = mapper.readTree(server.api().get("/v1/asyncapi.json").send().expect(200).body());
    assertTrue(asyncApi.path("asyncapi").asText().startsWith("3."), "AsyncAPI 3");
    assertTrue(asyncApi.path("x-close-codes").size() >= 5, "the relay's close codes");
    assertEquals(asyncApi, new ObjectMapper(new YAMLFactory())
        .readTree(server.api().get("/v1/asyncapi.yaml").send().expect(200).body()));
  }

  @Test
  void everyCloseCodeOfTheRelayIsDescribed() throws Exception {
    JsonNode asyncApi = new ObjectMapper().readTree(server.api().get("/v1/asyncapi.json").send().expect(200).body());
    Set<Integer> described = new TreeSet<>();
    asyncApi.path("x-close-codes").forEach(code -> described.add(code.path("code").asInt()));
    Set<Integer> used = new TreeSet<>();
    for (java.lang.reflect.Field field : io.coveton.relay.protocol.CloseCodes.class.getFields()) {
      if (field.getType() == int.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
        used.add(field.getInt(null));
      }
    }
    assertTrue(used.size() >= 8, "the relay's close codes: " + used);
    used.removeAll(described);
    assertEquals(Set.of(), used, "close codes the relay uses that its description leaves out");
  }

  @Test
  void thePageCarriesEveryOperationWithSamplesForThisServerAndAStrictPolicy() {
    ApiResult page = server.api().get("/docs").send().expect(200);
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
    String html = page.body();
    List<String> missing = new ArrayList<>();
    for (ApiContract.Operation op : contract.operations()) {
      if (!html.contains("id=\"op-" + op.node().getString("operationId") + "\"")) {
        missing.add(op.node().getString("operationId"));
      }
    }
    assertEquals(List.of(), missing, "operations without a section on the page");
    assertTrue(html.contains(PUBLIC_URL + "/v1/auth/me"), "samples name this server");
    assertFalse(html.contains("https://api.coveton.com"), "no sample names another server");
    assertFalse(html.contains("<script>") || html.matches("(?s).*<script(?![^>]*src=)[^>]*>.*"), "no inline script");
    server.api().get("/docs/docs.js").send().expect(200);
    server.api().get("/docs/docs.css").send().expect(200);
  }

  @Test
  void theCheckerOfEveryAnswerRefusesOnesThatDisagreeWithTheDocument() {
    java.net.http.HttpHeaders json = java.net.http.HttpHeaders.of(java.util.Map.of(
        "Content-Type", List.of("application/json"), "X-Request-Id", List.of("req_1234567890")), (a, b) -> true);
    String user = "{\"id\":\"usr_1\",\"email\":\"a@example.com\",\"displayName\":\"A\"}";
    assertFalse(contract.problems("GET", "/v1/auth/me", null, new ApiResult(200, json, "{\"id\": 5}")).isEmpty(),
        "a wrong type and missing fields");
    assertFalse(contract.problems("GET", "/v1/auth/me", null, new ApiResult(418, json, user)).isEmpty(),
        "an undocumented status");
    assertFalse(contract.problems("GET", "/v1/nowhere", null, new ApiResult(200, json, "{}")).isEmpty(),
        "an undocumented route");
    assertFalse(contract.problems("POST", "/v1/organizations", "{\"name\": 7}", new ApiResult(201, json, "{}")).isEmpty(),
        "an accepted request the document refuses");
    assertEquals(List.of(), contract.problems("GET", "/v1/nowhere", null,
        new ApiResult(404, json, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"No such resource.\"}}")));
  }

  @Test
  void documentedRequestExamplesAreValidRequests() {
    // every example body in the document is a request its own schema accepts
    List<String> problems = new ArrayList<>();
    for (ApiContract.Operation op : contract.operations()) {
      problems.addAll(contract.exampleProblems(op));
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theCurlSamplesOfReadOnlyOperationsRunAsPrinted() throws Exception {
    Accounts.SignedIn user = server.accounts().register("curl");
    JsonNode samples;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("coveton-docs/samples.json")) {
      samples = new ObjectMapper().readTree(in);
    }
    ApiClient local = server.api();
    for (String route : List.of("GET /v1/auth/me", "GET /v1/users/me", "GET /v1/sessions", "GET /v1/devices",
        "GET /v1/chats", "GET /v1/notifications", "GET /v1/organizations", "GET /health/live")) {
      String[] parts = route.split(" ");
      ApiContract.Operation op = contract.find(parts[0], parts[1]).orElseThrow();
      String curl = samples.path(op.node().getString("operationId")).path("curl").asText()
          .replace("https://api.coveton.com", local.baseUrl()).strip();
      assertTrue(curl.startsWith("curl"), curl);
      ProcessBuilder builder = new ProcessBuilder("bash", "-c", curl + " -sS -w '\\n%{http_code}\\n%{content_type}'")
          .redirectErrorStream(true);
      builder.environment().put("ACCESS_TOKEN", user.accessToken());
      Process process = builder.start();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl finished");
      List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      String body = String.join("\n", lines.subList(0, lines.size() - 2));
      assertEquals("200", lines.get(lines.size() - 2), route + " answered: " + lines);
      assertTrue(lines.get(lines.size() - 1).startsWith("application/json"), route);
      assertTrue(body.startsWith("{") || body.startsWith("["), route + ": " + body);
    }
  }
}
