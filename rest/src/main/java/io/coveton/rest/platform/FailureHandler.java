package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into the error envelope. Unexpected failures are logged with
 * the request id and answered 500 INTERNAL with nothing of their internals.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  private final ResponseWriter writer;

  public FailureHandler(ResponseWriter writer) {
    this.writer = writer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    writer.error(ctx, toApiException(ctx));
  }

  private static ApiException toApiException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof HttpClosedException) {
      // the client went away (or was too slow and was cut off) before its request was whole
      LOG.debug("connection closed mid-request requestId={}", RequestIdHandler.requestId(ctx));
      return ApiException.badRequest("The connection closed before the request was complete.");
    }
    int status = ctx.statusCode();
    if (status == 403 && failure != null && String.valueOf(failure.getMessage()).startsWith("CORS")) {
      return ApiException.forbidden("This origin may not call the API (CORS).");
    }
    // a status Vert.x Web chose (body too large, bad path, refused origin) whatever failure it carries
    ApiException mapped = forStatus(status);
    if (mapped != null) {
      return mapped;
    }
    LOG.error("unexpected failure requestId={} method={} path={}",
        RequestIdHandler.requestId(ctx), ctx.request().method(), ctx.normalizedPath(), failure);
    return ApiException.internal();
  }

  /** Statuses that Vert.x Web itself fails a request with. */
  static ApiException forStatus(int status) {
    return switch (status) {
      case 400 -> ApiException.badRequest("Malformed request.");
      case 401 -> ApiException.unauthorized("Missing, expired or invalid access token.");
      case 403 -> ApiException.forbidden("Forbidden.");
      case 404, 405 -> ApiException.notFound("No such resource.");
      case 413 -> new ApiException(ErrorCode.BAD_REQUEST, 413, "Request body is larger than allowed.", List.of(), Map.of());
      case 415 -> ApiException.badRequest("Content-Type must be application/json.");
      default -> null;
    };
  }
}
