package io.coveton.server.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A browser for redirect flows: it keeps cookies as a browser does and follows redirects one hop at
 * a time, so a test sees every Location and stops where the flow leaves for an app.
 */
public final class Browser {
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  public HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Follows redirects from {@code url} until one points to {@code stopAt} (not fetched); that Location. */
  public String followUntil(String url, String stopAt) throws IOException, InterruptedException {
    String next = url;
    for (int hop = 0; hop < 10; hop++) {
      HttpResponse<String> response = get(next);
      if (response.statusCode() != 302 && response.statusCode() != 303) {
        throw new AssertionError("expected a redirect from " + next + ", got " + response.statusCode() + ": "
            + response.body());
      }
      next = URI.create(next).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
      if (next.startsWith(stopAt)) {
        return next;
      }
    }
    throw new AssertionError("too many redirects");
  }

  public CookieManager cookies() {
    return cookies;
  }
}
