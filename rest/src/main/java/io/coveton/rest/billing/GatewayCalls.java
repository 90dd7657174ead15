package io.coveton.rest.billing;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to payment providers, each with a timeout. A provider that cannot be reached within it is a
 * {@code 504}, one that answers an error or something unexpected a {@code 502}, both with code
 * {@code INTERNAL}, the provider's name and its message in the error envelope; never a hang.
 */
final class GatewayCalls {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayCalls.class);
  private final WebClient client;
  private final long timeoutMillis;

  GatewayCalls(WebClient client, Duration timeout) {
    this.client = client;
    this.timeoutMillis = timeout.toMillis();
  }

  Future<JsonObject> postForm(String provider, String url, String secretKey, MultiMap form) {
    return answer(provider, url, request(url, secretKey).sendForm(form));
  }

  Future<JsonObject> postJson(String provider, String url, String secretKey, JsonObject body) {
    return answer(provider, url, request(url, secretKey).sendJsonObject(body));
  }

  private HttpRequest<Buffer> request(String url, String secretKey) {
    return client.postAbs(url).timeout(timeoutMillis).putHeader("Authorization", "Bearer " + secretKey)
        .putHeader("Accept", "application/json");
  }

  private static Future<JsonObject> answer(String provider, String url, Future<HttpResponse<Buffer>> sent) {
    return sent.transform(done -> {
      if (done.failed()) {
        boolean slow = done.cause() instanceof TimeoutException
            || String.valueOf(done.cause().getMessage()).contains("timeout");
        LOG.warn("{} call to {} failed: {}", provider, url, done.cause().toString());
        return Future.failedFuture(failure(slow ? 504 : 502, provider, slow
            ? provider + " did not answer in time; try again." : provider + " could not be reached; try again.", null));
      }
      HttpResponse<Buffer> response = done.result();
      JsonObject body;
      try {
        body = response.body() == null ? new JsonObject() : new JsonObject(response.body());
      } catch (DecodeException e) {
        return Future.failedFuture(failure(502, provider, provider + " answered something that is not JSON.", null));
      }
      if (response.statusCode() / 100 != 2) {
        String message = providerMessage(body);
        LOG.warn("{} answered {} from {}: {}", provider, response.statusCode(), url, message);
        return Future.failedFuture(failure(502, provider, provider + " refused the checkout: " + message,
            response.statusCode()));
      }
      return Future.succeededFuture(body);
    });
  }

  /** The provider's own words: Stripe's {@code error.message}, Paystack's and Flutterwave's {@code message}. */
  private static String providerMessage(JsonObject body) {
    if (body.getValue("error") instanceof JsonObject error && error.getValue("message") instanceof String text) {
      return text;
    }
    return body.getValue("message") instanceof String text ? text : "no message";
  }

  static ApiException failure(int status, String provider, String message, Integer providerStatus) {
    Map<String, Object> extra = providerStatus == null ? Map.of("provider", provider)
        : Map.of("provider", provider, "providerStatus", providerStatus);
    return new ApiException(ErrorCode.INTERNAL, status, message, List.of(), extra);
  }
}
