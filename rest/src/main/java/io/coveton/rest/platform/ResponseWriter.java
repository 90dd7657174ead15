package io.coveton.rest.platform;

import io.coveton.rest.idempotency.IdempotentRequest;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.idempotency.IdempotentAttempt;
import io.coveton.shared.json.WireJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes every response body of the REST surface, success or error, and hands it to the request's
 * idempotency record first when the request carried an Idempotency-Key.
 */
public final class ResponseWriter {
  private final WireJson json;

  public ResponseWriter(WireJson json) {
    this.json = json;
  }

  public void success(RoutingContext ctx, ApiResponse response) {
    Buffer body = response.body() == null ? null : Buffer.buffer(json.write(response.body()));
    settle(ctx, response.status(), body).onComplete(ignored -> send(ctx, response.status(), body));
  }

  public void error(RoutingContext ctx, ApiException error) {
    if (error.status() == 429 && error.extra().get("retryAfter") instanceof Long seconds) {
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
    }
    Buffer body = Buffer.buffer(json.write(ErrorEnvelope.of(error)));
    settle(ctx, error.status(), body).onComplete(ignored -> send(ctx, error.status(), body));
  }

  /** Records the final answer of an idempotent request, or frees its key when retrying may help. */
  private Future<Void> settle(RoutingContext ctx, int status, Buffer body) {
    IdempotentAttempt attempt = IdempotentRequest.take(ctx);
    return attempt == null ? Future.succeededFuture() : attempt.finish(status, body);
  }

  private static boolean bodyUnread(HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.equals("0")) || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  public static void send(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status);
    boolean closeAfter = status == 413 || bodyUnread(ctx.request());
    if (closeAfter) {
      // what is left of the body would be read as the next request: answer, then close
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    Future<Void> ended = body == null ? response.end()
        : response.putHeader("Content-Type", "application/json; charset=utf-8").end(body);
    if (closeAfter) {
      ended.onComplete(done -> ctx.request().connection().close());
    }
  }
}
