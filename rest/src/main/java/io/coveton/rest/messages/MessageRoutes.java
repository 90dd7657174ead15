package io.coveton.rest.messages;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.idempotency.IdempotentRequest;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.messages.MessageDraft;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** {@code /v1/messages} and a chat's history. */
public final class MessageRoutes {
  private final RoutePlatform platform;
  private final MessageService messages;
  private final CovetonConfig.MessagingSettings limits;

  public MessageRoutes(RoutePlatform platform, MessageService messages, CovetonConfig.MessagingSettings limits) {
    this.platform = platform;
    this.messages = messages;
    this.limits = limits;
  }

  public void mount(Router router) {
    router.post("/v1/messages").handler(platform.authenticator())
        .handler(platform.idempotency().reserving(IdPrefix.MESSAGE))
        .handler(platform.endpoints().of(this::send));
    router.get("/v1/chats/:id/messages").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::history, "limit", "before"));
    router.patch("/v1/messages/:id").handler(platform.authenticator()).handler(platform.endpoints().of(this::edit));
    router.delete("/v1/messages/:id").handler(platform.authenticator()).handler(platform.endpoints().of(this::delete));
    router.post("/v1/messages/:id/reactions").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::react));
  }

  private Future<ApiResponse> send(RoutingContext ctx) {
    MessageDraft draft = MessageDraft.readSend(JsonBody.read(ctx), limits, Instant.now());
    return messages.send(Caller.of(ctx), draft, IdempotentRequest.of(ctx)).map(stored -> ApiResponse.created(MessageView.stored(stored)));
  }

  private Future<ApiResponse> history(RoutingContext ctx) {
    return messages.history(Caller.of(ctx), ctx.pathParam("id"), Pagination.from(ctx, IdPrefix.MESSAGE))
        .map(ApiResponse::ok);
  }

  private Future<ApiResponse> edit(RoutingContext ctx) {
    return messages.edit(Caller.of(ctx), ctx.pathParam("id"),
            message -> MessageDraft.readEdit(JsonBody.read(ctx), limits))
        .map(ApiResponse::ok);
  }

  private Future<ApiResponse> delete(RoutingContext ctx) {
    return messages.delete(Caller.of(ctx), ctx.pathParam("id")).map(v -> ApiResponse.noContent());
  }

  private Future<ApiResponse> react(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String reaction = body.requiredString("reaction", 1, 32);
    body.validate();
    return messages.react(Caller.of(ctx), ctx.pathParam("id"), reaction).map(ApiResponse::ok);
  }
}
