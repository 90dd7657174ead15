package io.coveton.rest.organizations;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.id.OpaqueId;
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
    return ctx -> known(ctx.pathParam(name));
  }

  /** Our own organization ids all carry the prefix: any other well-formed id names no organization. */
  private static Future<String> known(String id) {
    return IdPrefix.ORGANIZATION.matches(id)
        ? Future.succeededFuture(id)
        : Future.failedFuture(ApiException.notFound("Organization not found."));
  }

  /** {@code ?organizationId=} on list routes; missing or malformed is 400, unknown 404. */
  static OrgScope queryParam() {
    return ctx -> {
      String id = ctx.request().getParam("organizationId");
      if (id == null) {
        return Future.failedFuture(ApiException.badRequest("organizationId is required.",
            List.of(new FieldError("organizationId", "is required"))));
      }
      if (!OpaqueId.wellFormed(id)) {
        return Future.failedFuture(ApiException.badRequest("organizationId is not an id.",
            List.of(new FieldError("organizationId", OpaqueId.DESCRIPTION))));
      }
      return known(id);
    };
  }

  /** {@code organizationId} in a JSON body on creating routes; missing or malformed is 422, unknown 404. */
  static OrgScope bodyField() {
    return ctx -> {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        return Future.failedFuture(ApiException.badRequest("The body is not a JSON object."));
      }
      Object id = body == null ? null : body.getValue("organizationId");
      if (id == null) {
        return Future.failedFuture(ApiException.validation("organizationId", "is required"));
      }
      return OpaqueId.wellFormed(id) ? known((String) id)
          : Future.failedFuture(ApiException.validation("organizationId", OpaqueId.DESCRIPTION));
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
