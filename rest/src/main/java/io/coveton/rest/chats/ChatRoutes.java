package io.coveton.rest.chats;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.id.OpaqueId;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code /v1/chats}: create, list and read chats, and manage a group's participants. */
public final class ChatRoutes {
  private final RoutePlatform platform;
  private final ChatService chats;

  public ChatRoutes(RoutePlatform platform, ChatService chats) {
    this.platform = platform;
    this.chats = chats;
  }

  public void mount(Router router) {
    router.post("/v1/chats").handler(platform.authenticator()).handler(platform.idempotency())
        .handler(platform.endpoints().of(this::create));
    router.get("/v1/chats").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::list, "limit", "before"));
    router.get("/v1/chats/:id").handler(platform.authenticator()).handler(platform.endpoints().of(this::get));
    router.post("/v1/chats/:id/participants").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::addParticipants));
    router.delete("/v1/chats/:id/participants/:userId").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::removeParticipant));
  }

  /** {type: direct|group, participantIds, name?, organizationId?}; the caller always takes part. */
  private Future<ApiResponse> create(RoutingContext ctx) {
    String callerId = Caller.of(ctx).userId();
    FieldReader body = JsonBody.read(ctx);
    String type = body.requiredString("type", 1, 16);
    if (type != null && !type.equals("direct") && !type.equals("group")) {
      body.fail("type", "must be direct or group");
    }
    List<String> others = userIds(body, "participantIds");
    others.remove(callerId);
    String name = "group".equals(type) ? body.requiredString("name", 1, 100) : body.optionalString("name", 1, 100);
    String organizationId = body.optionalId("organizationId");
    if (organizationId != null && !"group".equals(type)) {
      body.fail("organizationId", "only group chats belong to an organization");
    }
    if ("direct".equals(type) && others.size() != 1) {
      body.fail("participantIds", "a direct chat needs exactly one other user");
    }
    body.validate();
    if ("direct".equals(type)) {
      return chats.direct(callerId, others.get(0))
          .map(result -> new ApiResponse(result.created() ? 201 : 200, result.chat()));
    }
    return chats.group(callerId, name, others, organizationId).map(ApiResponse::created);
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    return chats.list(Caller.of(ctx).userId(), Pagination.from(ctx, IdPrefix.CHAT)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> get(RoutingContext ctx) {
    return chats.view(ctx.pathParam("id"), Caller.of(ctx).userId()).map(ApiResponse::ok);
  }

  private Future<ApiResponse> addParticipants(RoutingContext ctx) {
    String chatId = ctx.pathParam("id");
    String callerId = Caller.of(ctx).userId();
    return chats.visibleChat(chatId, callerId).compose(chat -> {
      FieldReader body = JsonBody.read(ctx);
      List<String> userIds = userIds(body, "userIds");
      if (userIds.isEmpty()) {
        body.fail("userIds", "must name at least one user");
      }
      body.validate();
      return chats.addParticipants(chatId, callerId, userIds).map(ApiResponse::ok);
    });
  }

  private Future<ApiResponse> removeParticipant(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (!IdPrefix.USER.matches(userId)) {
      throw ApiException.notFound("Participant not found.");
    }
    return chats.removeParticipant(ctx.pathParam("id"), Caller.of(ctx).userId(), userId)
        .map(v -> ApiResponse.noContent());
  }

  /** A list of distinct user ids, each checked; problems are collected on the reader. */
  private static List<String> userIds(FieldReader body, String field) {
    Object value = body.raw().getValue(field);
    if (!(value instanceof JsonArray array)) {
      body.fail(field, value == null ? "is required" : "must be an array of user ids");
      return new ArrayList<>();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (OpaqueId.wellFormed(array.getValue(i))) {
        ids.add(array.getString(i));
      } else {
        body.fail(field + "[" + i + "]", OpaqueId.DESCRIPTION);
      }
    }
    return new ArrayList<>(ids);
  }
}
