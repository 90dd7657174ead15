package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.ErrorCode;
import io.coveton.shared.json.WireJson;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Requests the HTTP decoder could not read (a request line or headers over the limits, a malformed
 * head): answered in the error envelope with their own status (414, 431, 400) and code
 * {@code BAD_REQUEST}; the server then closes the connection, whose framing can no longer be trusted.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {
  private final WireJson json;

  public InvalidRequestHandler(WireJson json) {
    this.json = json;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiException error;
    if (cause instanceof TooLongHttpLineException) {
      error = refusal(414, "The request line is longer than the server accepts.");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = refusal(431, "The request headers are larger than the server accepts.");
    } else {
      error = refusal(400, "The request could not be read as HTTP.");
    }
    ResponseHeaders.apply(request.response(), request.isSSL());
    request.response().setStatusCode(error.status())
        .putHeader("X-Request-Id", "req_" + UUID.randomUUID())
        .putHeader("Connection", "close")
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Buffer.buffer(json.write(ErrorEnvelope.of(error))));
  }

  private static ApiException refusal(int status, String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, status, message, List.of(), Map.of());
  }
}
