package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Adapts a handler that answers a {@code Future<ApiResponse>} to a route: refuses query parameters
 * the route does not declare, writes the answer, and sends every failure down the one failure path.
 */
public final class Endpoint implements Handler<RoutingContext> {
  private final Function<RoutingContext, Future<ApiResponse>> action;
  private final Set<String> queryParameters; // null: any
  private final ResponseWriter writer;

  private Endpoint(ResponseWriter writer, Function<RoutingContext, Future<ApiResponse>> action, Set<String> query) {
    this.writer = writer;
    this.action = action;
    this.queryParameters = query;
  }

  /** Builds endpoints that share one writer. */
  public record Factory(ResponseWriter writer) {
    public Endpoint of(Function<RoutingContext, Future<ApiResponse>> action, String... queryParameters) {
      return new Endpoint(writer, action, Set.of(queryParameters));
    }

    /** For a route whose query a third party writes (a provider's callback adds what it likes). */
    public Endpoint ofAnyQuery(Function<RoutingContext, Future<ApiResponse>> action) {
      return new Endpoint(writer, action, null);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<FieldError> unknown = queryParameters == null ? List.of() : ctx.queryParams().names().stream()
        .filter(name -> !queryParameters.contains(name))
        .sorted()
        .map(name -> new FieldError(name, "unknown query parameter"))
        .toList();
    if (!unknown.isEmpty()) {
      ctx.fail(ApiException.badRequest("Unsupported query parameters.", unknown));
      return;
    }
    Future<ApiResponse> result;
    try {
      result = action.apply(ctx);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    result.onSuccess(response -> writer.success(ctx, response)).onFailure(ctx::fail);
  }
}
