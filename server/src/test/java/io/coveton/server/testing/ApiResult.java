package io.coveton.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;
import java.util.List;

/** A response as a client sees it, with the assertions the tests keep making. */
public record ApiResult(int status, HttpHeaders headers, String body) {
  private static final List<String> INTERNALS = List.of(
      "Exception", "\tat ", "at io.", "at java.", "org.postgresql", "io.vertx", "SQL", "syntax error", "duplicate key",
      "pg_", "stack trace", "stacktrace", "StackTrace");

  public JsonObject json() {
    return new JsonObject(body);
  }

  public JsonArray array() {
    return new JsonArray(body);
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public ApiResult expect(int expectedStatus) {
    assertEquals(expectedStatus, status, () -> "unexpected status; body: " + body);
    return this;
  }

  /** Asserts the documented error envelope with this status and code, and no internals. */
  public JsonObject expectError(int expectedStatus, String code) {
    expect(expectedStatus);
    JsonObject error = json().getJsonObject("error");
    assertEquals(code, error.getString("code"), body);
    assertFalse(error.getString("message", "").isBlank(), "error message must be present");
    expectNoInternals();
    return error;
  }

  public ApiResult expectNoInternals() {
    for (String marker : INTERNALS) {
      assertFalse(body != null && body.contains(marker), () -> "response leaks internals (" + marker + "): " + body);
    }
    return this;
  }
}
