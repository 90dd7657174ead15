package io.coveton.relay.session;

import io.coveton.relay.protocol.Frames;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.hashing.Sha256;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.idempotency.Idempotency;
import io.coveton.shared.idempotency.IdempotencyRecord;
import io.coveton.shared.idempotency.IdempotentAttempt;
import io.coveton.shared.json.WireJson;
import io.coveton.shared.messages.Message;
import io.coveton.shared.messages.MessageDraft;
import io.coveton.shared.messages.MessageSender;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The {@code send} frame: the same validation, device check, idempotency and persistence as
 * {@code POST /v1/messages}, answered {@code sent} once durable, or {@code error}.
 */
public final class SendService {
  private static final int MAX_REQUEST_ID = 64;
  private final MessageSender sender;
  private final Idempotency idempotency;
  private final CovetonConfig.MessagingSettings limits;

  public SendService(MessageSender sender, Idempotency idempotency, CovetonConfig.MessagingSettings limits) {
    this.sender = sender;
    this.idempotency = idempotency;
    this.limits = limits;
  }

  public void handle(DeviceConnection connection, JsonObject frame) {
    Object requestIdValue = frame.getValue("requestId");
    String requestId = requestIdValue instanceof String id && !id.isEmpty() && id.length() <= MAX_REQUEST_ID
        ? id : null;
    Future<JsonObject> answer;
    try {
      if (requestId == null) {
        throw ApiException.validation("requestId", "must be a string of 1 to " + MAX_REQUEST_ID + " characters");
      }
      if (!(frame.getValue("message") instanceof JsonObject message)) {
        throw ApiException.validation("message", "is required");
      }
      MessageDraft draft = MessageDraft.readSend(new FieldReader(message), limits, Instant.now());
      Object key = frame.getValue("idempotencyKey");
      Promise<Void> queued = Promise.promise();
      answer = connection.inSendOrder(queued.future(), () -> key == null
          ? store(connection, draft, queued, null).map(stored -> Frames.sent(requestId, stored))
          : once(connection, requestId, key, message, draft, queued))
          .onComplete(done -> queued.tryComplete());
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.recover(e -> Future.succeededFuture(Frames.error(requestId, asApiError(e))))
        .onSuccess(connection::send);
  }

  private Future<JsonObject> store(DeviceConnection connection, MessageDraft draft, Promise<Void> queued,
      IdempotentAttempt attempt) {
    return sender.send(connection.userId(), connection.deviceId(), draft, queued, attempt).map(SendService::summary);
  }

  /**
   * Under an idempotency key, by the same rules as REST (per user and key, the first result
   * replayed, another message 422, still running 409): the answer, {@code sent} or {@code error},
   * is recorded before it is sent.
   */
  private Future<JsonObject> once(DeviceConnection connection, String requestId, Object keyValue, JsonObject message,
      MessageDraft draft, Promise<Void> queued) {
    if (!(keyValue instanceof String key) || !Idempotency.validKey(key)) {
      return Future.failedFuture(ApiException.validation("idempotencyKey",
          "must be 1 to 255 printable ASCII characters"));
    }
    byte[] hash = Sha256.of("relay send\n" + message.encode());
    return idempotency.begin(Idempotency.userScope(connection.userId()), key, hash, IdPrefix.MESSAGE)
        .compose(attempt -> {
          if (attempt.replayed()) {
            return Future.succeededFuture(replay(requestId, attempt.first()));
          }
          return store(connection, draft, queued, attempt).transform(done -> {
            if (done.succeeded()) {
              return attempt.finish(201, done.result().toBuffer()).map(v -> Frames.sent(requestId, done.result()));
            }
            ApiException error = asApiError(done.cause());
            JsonObject body = Frames.errorBody(error);
            return attempt.finish(error.status(), new JsonObject().put("error", body).toBuffer())
                .map(v -> Frames.error(requestId, body));
          });
        });
  }

  private static JsonObject replay(String requestId, IdempotencyRecord first) {
    JsonObject recorded = new JsonObject(first.responseBody());
    return first.statusCode() == 201 ? Frames.sent(requestId, recorded)
        : Frames.error(requestId, recorded.getJsonObject("error"));
  }

  private static ApiException asApiError(Throwable failure) {
    return failure instanceof ApiException api ? api : ApiException.internal();
  }

  private static JsonObject summary(Message message) {
    return new JsonObject().put("id", message.id()).put("createdAt", WireJson.timestamp(message.createdAt()));
  }
}
