package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The {@code limit} and {@code before} query parameters shared by every list: limit 1..100
 * (default 50), before an id of the listed kind. Out of range is 400 BAD_REQUEST naming the parameter.
 */
public final class Pagination {
  private Pagination() {}

  public static PageRequest from(RoutingContext ctx, IdPrefix kind) {
    String limitText = ctx.request().getParam("limit");
    int limit = PageRequest.DEFAULT_LIMIT;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText.trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
        throw ApiException.badRequest("Invalid pagination.",
            List.of(new FieldError("limit", "must be an integer from 1 to " + PageRequest.MAX_LIMIT)));
      }
    }
    String before = ctx.request().getParam("before");
    if (before != null && !kind.matches(before)) {
      throw ApiException.badRequest("Invalid pagination.",
          List.of(new FieldError("before", "must be an id of the listed kind (" + kind.text() + "...)")));
    }
    return new PageRequest(limit, before);
  }
}
