package io.coveton.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain HTTP client of the REST API, as any integrator would write one. */
public final class ApiClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final ApiContract contract;

  /** A client whose every answer must match the API's own description ({@link ApiContract}). */
  public ApiClient(String baseUrl) {
    this(baseUrl, ApiContract.load());
  }

  public ApiClient(String baseUrl, ApiContract contract) {
    this.baseUrl = baseUrl;
    this.contract = contract;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Call get(String path) {
    return new Call("GET", path, null);
  }

  public Call delete(String path) {
    return new Call("DELETE", path, null);
  }

  /** Any method without a body (OPTIONS, HEAD, ...). */
  public Call call(String method, String path) {
    return new Call(method, path, null);
  }

  public Call post(String path, String json) {
    return new Call("POST", path, json).header("Content-Type", "application/json");
  }

  public Call put(String path, String json) {
    return new Call("PUT", path, json).header("Content-Type", "application/json");
  }

  public Call patch(String path, String json) {
    return new Call("PATCH", path, json).header("Content-Type", "application/json");
  }

  /** One request being built: add headers, then {@link #send()}. */
  public final class Call {
    private final String method;
    private final String path;
    private final String body;
    private final List<String[]> headers = new ArrayList<>();

    private Call(String method, String path, String body) {
      this.method = method;
      this.path = path;
      this.body = body;
    }

    public Call header(String name, String value) {
      headers.removeIf(h -> h[0].equalsIgnoreCase(name));
      headers.add(new String[] {name, value});
      return this;
    }

    public Call bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    public ApiResult send() {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(h -> builder.header(h[0], h[1]));
      try {
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        ApiResult result = new ApiResult(response.statusCode(), response.headers(), response.body());
        if (contract != null && !method.equals("OPTIONS") && !method.equals("HEAD")) {
          List<String> problems = contract.problems(method, path, body, result);
          if (!problems.isEmpty()) {
            throw new AssertionError("the answer to " + method + " " + path + " (" + result.status()
                + ") disagrees with the API's description: " + String.join("; ", problems));
          }
        }
        return result;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
