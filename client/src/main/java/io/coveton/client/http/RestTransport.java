package io.coveton.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveton.client.CovetonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the SDK's requests: the bearer token (refreshed once on a 401, see {@link Tokens}), a fresh
 * Idempotency-Key per creating call that every retry of that call reuses, {@code Retry-After} honoured
 * on 429, and retries with jittered backoff where a retry cannot do a thing twice (reads, deletes
 * and keyed creations). Error answers become {@link CovetonException}s.
 */
public final class RestTransport {
  private static final int MAX_ATTEMPTS = 4;
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String baseUrl;
  private final ObjectMapper json;
  private final Tokens tokens;

  public RestTransport(String baseUrl, ObjectMapper json, Tokens tokens) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.json = json;
    this.tokens = tokens;
  }

  public ObjectMapper json() {
    return json;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** One call: what it sends and how. */
  public static final class Call {
    final String method;
    final String path;
    final JsonNode body;
    boolean authenticated = true;
    boolean creates;
    final Map<String, String> headers = new LinkedHashMap<>();

    private Call(String method, String path, JsonNode body) {
      this.method = method;
      this.path = path;
      this.body = body;
    }

    public static Call get(String path) {
      return new Call("GET", path, null);
    }

    public static Call delete(String path) {
      return new Call("DELETE", path, null);
    }

    public static Call post(String path, JsonNode body) {
      return new Call("POST", path, body);
    }

    public static Call patch(String path, JsonNode body) {
      return new Call("PATCH", path, body);
    }

    public static Call put(String path, JsonNode body) {
      return new Call("PUT", path, body);
    }

    /** A call that creates something: it carries an Idempotency-Key, the same on every retry. */
    public Call creating() {
      creates = true;
      return this;
    }

    public Call anonymous() {
      authenticated = false;
      return this;
    }

    public Call header(String name, String value) {
      if (value != null) {
        headers.put(name, value);
      }
      return this;
    }
  }

  /** Sends the call and answers its JSON body (a missing node for 204). */
  public JsonNode send(Call call) {
    String idempotencyKey = call.creates ? UUID.randomUUID().toString() : null;
    boolean retryable = call.method.equals("GET") || call.method.equals("DELETE") || call.method.equals("PUT")
        || idempotencyKey != null;
    boolean refreshed = false;
    for (int attempt = 1; ; attempt++) {
      Tokens.Used token = call.authenticated ? tokens.current() : null;
      HttpResponse<String> response;
      try {
        response = http.send(request(call, token, idempotencyKey), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (retryable && attempt < MAX_ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      int status = response.statusCode();
      if (status == 401 && call.authenticated && !refreshed && token != null) {
        refreshed = true;
        tokens.refreshAfter(token, this::refresh);
        attempt--;
        continue;
      }
      if (status == 429 && attempt < MAX_ATTEMPTS) {
        sleep(retryAfter(response));
        continue;
      }
      if (status >= 500 && retryable && attempt < MAX_ATTEMPTS) {
        backoff(attempt);
        continue;
      }
      JsonNode body = parse(response.body());
      if (status >= 400) {
        throw CovetonException.of(status, body);
      }
      return body;
    }
  }

  /** Refreshes the tokens unless another caller already replaced {@code stale} (the relay's 4401). */
  public Tokens.Used refreshTokens(Tokens.Used stale) {
    return tokens.refreshAfter(stale, this::refresh);
  }

  private Tokens.Pair refresh(String refreshToken) {
    ObjectNode body = json.createObjectNode().put("refreshToken", refreshToken);
    JsonNode answer = send(Call.post("/v1/auth/refresh", body).anonymous());
    return new Tokens.Pair(answer.path("accessToken").asText(), answer.path("refreshToken").asText());
  }

  private HttpRequest request(Call call, Tokens.Used token, String idempotencyKey) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + call.path)).timeout(Duration.ofSeconds(30));
    if (call.body != null) {
      builder.header("Content-Type", "application/json");
      builder.method(call.method, HttpRequest.BodyPublishers.ofString(call.body.toString()));
    } else {
      builder.method(call.method, HttpRequest.BodyPublishers.noBody());
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token.accessToken());
    }
    if (idempotencyKey != null) {
      builder.header("Idempotency-Key", idempotencyKey);
    }
    call.headers.forEach(builder::header);
    return builder.build();
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    long seconds = response.headers().firstValue("Retry-After").map(v -> {
      try {
        return Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        return 1L;
      }
    }).orElse(1L);
    Duration wait = Duration.ofSeconds(Math.max(1, seconds));
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  private static void backoff(int attempt) {
    long base = 200L << Math.min(attempt, 6);
    sleep(Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base)));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
