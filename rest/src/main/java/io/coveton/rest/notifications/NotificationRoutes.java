package io.coveton.rest.notifications;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.id.OpaqueId;
import io.coveton.shared.notifications.NotificationRepository;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code /v1/notifications}: the caller's in-app notifications, newest first, and marking them read. */
public final class NotificationRoutes {
  private static final int MAX_IDS = 100;
  private final RoutePlatform platform;
  private final NotificationRepository notifications;

  public NotificationRoutes(RoutePlatform platform, NotificationRepository notifications) {
    this.platform = platform;
    this.notifications = notifications;
  }

  public void mount(Router router) {
    router.get("/v1/notifications").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::list, "limit", "before", "unread"));
    router.post("/v1/notifications/read").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::markRead));
  }

  /** {@code ?unread=true} leaves out what was read; {@code false} (the default) lists everything. */
  private Future<ApiResponse> list(RoutingContext ctx) {
    String unread = ctx.request().getParam("unread");
    if (unread != null && !unread.equals("true") && !unread.equals("false")) {
      throw ApiException.badRequest("Invalid filter.", List.of(new FieldError("unread", "must be true or false")));
    }
    return notifications.page(Caller.of(ctx).userId(), "true".equals(unread),
        Pagination.from(ctx, IdPrefix.NOTIFICATION)).map(ApiResponse::ok);
  }

  /**
   * {@code {ids: [...]}} (1 to 100 of the caller's notifications; any other id is 404 and marks
   * nothing) or {@code {all: true}}; answers {@code {marked}}, how many were unread until now.
   */
  private Future<ApiResponse> markRead(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    Object ids = body.raw().getValue("ids");
    Object all = body.raw().getValue("all");
    String userId = Caller.of(ctx).userId();
    if (ids != null && all != null) {
      throw ApiException.validation("all", "give either ids or all, not both");
    }
    if (all != null) {
      if (!Boolean.TRUE.equals(all)) {
        throw ApiException.validation("all", "must be true");
      }
      return notifications.markAllRead(userId).map(NotificationRoutes::marked);
    }
    if (!(ids instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_IDS) {
      throw ApiException.validation("ids", ids == null ? "ids or all is required"
          : "must be an array of 1 to " + MAX_IDS + " notification ids");
    }
    List<FieldError> problems = new ArrayList<>();
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (OpaqueId.wellFormed(array.getValue(i))) {
        distinct.add(array.getString(i));
      } else {
        problems.add(new FieldError("ids[" + i + "]", OpaqueId.DESCRIPTION));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.validation(problems);
    }
    return notifications.markRead(userId, List.copyOf(distinct)).map(marked -> {
      if (marked < 0) {
        throw ApiException.notFound("Notification not found.");
      }
      return marked(marked);
    });
  }

  private static ApiResponse marked(int count) {
    return ApiResponse.ok(new JsonObject().put("marked", count));
  }
}
