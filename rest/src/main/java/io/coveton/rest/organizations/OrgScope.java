package io.coveton.rest.organizations;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdPrefix;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** How a route finds the organization it acts in: from the path, the query, the body, or a resource. */
@FunctionalInterface
public interface OrgScope {
  Future<String> organizationId(RoutingContext ctx);

  static OrgScope pathParam(String name) {
    return ctx -> {
      String id = ctx.pathParam(name);
      return IdPrefix.ORGANIZATION.matches(id)
          ? Future.succeededFuture(id)
          : Future.failedFuture(ApiException.notFound("Organization not found."));
    };
  }

  /** {@code ?organizationId=} on list routes; missing or malformed is 400. */
  static OrgScope queryParam() {
    return ctx -> {
      String id = ctx.request().getParam("organizationId");
      if (id == null) {
        return Future.failedFuture(ApiException.badRequest("organizationId is required.",
            List.of(new FieldError("organizationId", "is required"))));
      }
      return IdPrefix.ORGANIZATION.matches(id)
          ? Future.succeededFuture(id)
          : Future.failedFuture(ApiException.notFound("Organization not found."));
    };
  }

  /** {@code organizationId} in a JSON body on creating routes; missing is 422. */
  static OrgScope bodyField() {
    return ctx -> {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        return Future.failedFuture(ApiException.badRequest("The body is not a JSON object."));
      }
      Object id = body == null ? null : body.getValue("organizationId");
      if (!(id instanceof String text)) {
        return Future.failedFuture(ApiException.validation("organizationId", "is required"));
      }
      return IdPrefix.ORGANIZATION.matches(text)
          ? Future.succeededFuture(text)
          : Future.failedFuture(ApiException.notFound("Organization not found."));
    };
  }

  /** The organization of a resource named by a path parameter; an unknown resource is 404. */
  static OrgScope resource(String pathParam, IdPrefix kind, String noun,
      Function<String, Future<String>> organizationOf) {
    return ctx -> {
      String id = ctx.pathParam(pathParam);
      if (!kind.matches(id)) {
        return Future.failedFuture(ApiException.notFound(noun + " not found."));
      }
      return organizationOf.apply(id).compose(org -> org == null
          ? Future.failedFuture(ApiException.notFound(noun + " not found."))
          : Future.succeededFuture(org));
    };
  }
}
