package io.coveton.rest.auth.oauth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP calls to providers, with a timeout each: every failure (unreachable, slow, an error status,
 * a body that is not the JSON expected) becomes one {@link SignInRefused} with code
 * {@code provider_error}; the details go to the log, never a token.
 */
final class ProviderCalls {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderCalls.class);
  static final String USER_AGENT = "Coveton";
  private final WebClient client;
  private final long timeoutMillis;

  ProviderCalls(WebClient client, Duration timeout) {
    this.client = client;
    this.timeoutMillis = timeout.toMillis();
  }

  /** A form-encoded POST answered with a JSON object (a token endpoint). */
  Future<JsonObject> postForm(String provider, String url, MultiMap form) {
    return client.postAbs(url).timeout(timeoutMillis)
        .putHeader("Accept", "application/json").putHeader("User-Agent", USER_AGENT)
        .sendForm(form)
        .transform(done -> object(provider, url, done.succeeded() ? done.result() : null, done.cause()));
  }

  /** A GET answered with a JSON object, sent with these headers. */
  Future<JsonObject> getObject(String provider, String url, Map<String, String> headers) {
    return get(url, headers).transform(done -> object(provider, url, done.succeeded() ? done.result() : null,
        done.cause()));
  }

  /** A GET answered with a JSON array. */
  Future<JsonArray> getArray(String provider, String url, Map<String, String> headers) {
    return get(url, headers).transform(done -> {
      Buffer body = ok(provider, url, done.succeeded() ? done.result() : null, done.cause());
      try {
        return Future.succeededFuture(new JsonArray(body));
      } catch (DecodeException | ClassCastException e) {
        return Future.failedFuture(unexpected(provider, url, "a body that is not a JSON array"));
      }
    });
  }

  private Future<HttpResponse<Buffer>> get(String url, Map<String, String> headers) {
    var request = client.getAbs(url).timeout(timeoutMillis).putHeader("User-Agent", USER_AGENT);
    headers.forEach(request::putHeader);
    return request.send();
  }

  private static Future<JsonObject> object(String provider, String url, HttpResponse<Buffer> response,
      Throwable failure) {
    try {
      Buffer body = ok(provider, url, response, failure);
      return Future.succeededFuture(new JsonObject(body));
    } catch (SignInRefused refused) {
      return Future.failedFuture(refused);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(unexpected(provider, url, "a body that is not a JSON object"));
    }
  }

  private static Buffer ok(String provider, String url, HttpResponse<Buffer> response, Throwable failure) {
    if (response == null) {
      LOG.warn("{} call to {} failed: {}", provider, url, failure == null ? "no response" : failure.toString());
      throw SignInRefused.provider("The sign-in provider could not be reached; try again.");
    }
    if (response.statusCode() / 100 != 2) {
      throw unexpected(provider, url, "status " + response.statusCode());
    }
    return response.body() == null ? Buffer.buffer() : response.body();
  }

  private static SignInRefused unexpected(String provider, String url, String what) {
    LOG.warn("{} answered {} from {}", provider, what, url);
    return SignInRefused.provider("The sign-in provider answered with an error; try again.");
  }

  /** {@code base} with these query parameters appended, each percent-encoded. */
  static String withQuery(String base, Map<String, String> parameters) {
    StringJoiner query = new StringJoiner("&");
    parameters.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    return base + (base.contains("?") ? "&" : "?") + query;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
