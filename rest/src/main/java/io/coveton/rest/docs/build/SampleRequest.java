package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The request an operation's samples send: the example values of its path and query parameters,
 * its example body, the bearer token (from the environment variable ACCESS_TOKEN in every
 * language, never pasted into code) and a fresh Idempotency-Key where the operation takes one.
 */
public record SampleRequest(String method, String url, Map<String, String> query, boolean bearer,
    boolean metricsToken, boolean idempotent, JsonNode body, Answer answer,
    String answerType, java.util.List<String> answerDeclarations) {

  /** What the success answer carries, so that a sample reads it the right way. */
  public enum Answer { JSON, TEXT, EMPTY }

  /** The URL with its query string. */
  public String fullUrl() {
    if (query.isEmpty()) {
      return url;
    }
    return url + "?" + query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public boolean hasBody() {
    return body != null;
  }

  /** The environment variable holding the bearer token the request sends. */
  public String tokenVariable() {
    return metricsToken ? "COVETON_METRICS_TOKEN" : "ACCESS_TOKEN";
  }

  public boolean sendsToken() {
    return bearer || metricsToken;
  }
}
