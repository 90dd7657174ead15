package io.coveton.relay.session;

import io.coveton.relay.protocol.Frames;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.idempotency.IdempotencyRecord;
import io.coveton.shared.idempotency.IdempotencyRepository;
import io.coveton.shared.json.WireJson;
import io.coveton.shared.messages.Message;
import io.coveton.shared.messages.MessageDraft;
import io.coveton.shared.messages.MessageSender;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * The {@code send} frame: the same validation, device check, idempotency and persistence as
 * {@code POST /v1/messages}, answered {@code sent} once durable, or {@code error}.
 */
public final class SendService {
  private static final int MAX_REQUEST_ID = 64;
  private final MessageSender sender;
  private final IdempotencyRepository idempotency;
  private final CovetonConfig.MessagingSettings limits;

  public SendService(MessageSender sender, IdempotencyRepository idempotency, CovetonConfig.MessagingSettings limits) {
    this.sender = sender;
    this.idempotency = idempotency;
    this.limits = limits;
  }

  public void handle(DeviceConnection connection, JsonObject frame) {
    Object requestIdValue = frame.getValue("requestId");
    String requestId = requestIdValue instanceof String id && !id.isEmpty() && id.length() <= MAX_REQUEST_ID
        ? id : null;
    Future<JsonObject> result;
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
      result = connection.inSendOrder(queued.future(), () -> key == null ? store(connection, draft, queued)
          : once(connection, key, message, draft, queued))
          .onComplete(done -> queued.tryComplete());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(stored -> connection.send(Frames.sent(requestId, stored)))
        .onFailure(e -> connection.send(Frames.error(requestId,
            e instanceof ApiException api ? api : ApiException.internal())));
  }

  private Future<JsonObject> store(DeviceConnection connection, MessageDraft draft, Promise<Void> queued) {
    return sender.send(connection.userId(), connection.deviceId(), draft, queued).map(SendService::summary);
  }

  /** Per user and key, as over REST: a retry answers the first result; another message is 422. */
  private Future<JsonObject> once(DeviceConnection connection, Object keyValue, JsonObject message, MessageDraft draft,
      Promise<Void> queued) {
    if (!(keyValue instanceof String key) || key.isEmpty() || key.length() > 255) {
      return Future.failedFuture(ApiException.validation("idempotencyKey", "must be 1 to 255 characters"));
    }
    String scope = "user:" + connection.userId();
    byte[] hash = sha256("relay send\n" + message.encode());
    return idempotency.claim(scope, key, hash).compose(claimed -> {
      if (claimed) {
        return store(connection, draft, queued)
            .compose(stored -> idempotency.complete(scope, key, 201, Buffer.buffer(stored.encode())).map(stored))
            .onFailure(e -> idempotency.release(scope, key));
      }
      return idempotency.find(scope, key).compose(existing -> replay(existing, hash));
    });
  }

  private static Future<JsonObject> replay(IdempotencyRecord existing, byte[] hash) {
    if (existing == null || !existing.completed()) {
      return Future.failedFuture(ApiException.conflict("A send with this idempotencyKey is still in progress."));
    }
    if (!MessageDigest.isEqual(existing.requestHash(), hash)) {
      return Future.failedFuture(ApiException.validation("idempotencyKey", "was already used with a different message"));
    }
    JsonObject stored = new JsonObject(existing.responseBody());
    return Future.succeededFuture(new JsonObject().put("id", stored.getString("id"))
        .put("createdAt", stored.getString("createdAt")));
  }

  private static JsonObject summary(Message message) {
    return new JsonObject().put("id", message.id()).put("createdAt", WireJson.timestamp(message.createdAt()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
