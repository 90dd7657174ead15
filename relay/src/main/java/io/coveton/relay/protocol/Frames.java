package io.coveton.relay.protocol;

import io.coveton.shared.delivery.PendingEnvelope;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.json.WireJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** Builds the server-to-client frames of the relay protocol. */
public final class Frames {
  private Frames() {}

  public static JsonObject ready(String connectionId, String deviceId, String node, int heartbeatSeconds) {
    return new JsonObject().put("type", "ready").put("connectionId", connectionId).put("deviceId", deviceId)
        .put("node", node).put("heartbeatSeconds", heartbeatSeconds);
  }

  public static JsonObject synced() {
    return new JsonObject().put("type", "synced");
  }

  public static JsonObject pong() {
    return new JsonObject().put("type", "pong");
  }

  /** A message for this device, with its own sealed key as {@code header}, verbatim. */
  public static JsonObject envelope(PendingEnvelope pending) {
    JsonObject message = new JsonObject()
        .put("id", pending.messageId())
        .put("chatId", pending.chatId())
        .put("senderUserId", pending.senderUserId())
        .put("senderDeviceId", pending.senderDeviceId())
        .put("contentType", pending.contentType())
        .put("ciphertext", pending.ciphertext())
        .put("fileIds", new JsonArray(pending.fileIds()))
        .put("header", pending.header())
        .put("createdAt", WireJson.timestamp(pending.createdAt()))
        .put("editedAt", WireJson.timestamp(pending.editedAt()))
        .put("expiresAt", WireJson.timestamp(pending.expiresAt()));
    return new JsonObject().put("type", "envelope")
        .put("event", pending.editedAt() == null ? "message.created" : "message.edited")
        .put("message", message);
  }

  /**
   * The {@code envelope} frames of one new message for many devices: the message is encoded to UTF-8
   * once and each device's frame is those bytes, shared, followed by its own {@code header} (a
   * group's fan-out would otherwise encode and copy the same ciphertext once per device).
   */
  public static final class NewMessage {
    private static final byte[] END = "}}".getBytes(StandardCharsets.UTF_8);
    private final byte[] prefix;

    public NewMessage(JsonObject message) {
      String content = message.encode();
      this.prefix = ("{\"type\":\"envelope\",\"event\":\"message.created\",\"message\":"
          + content.substring(0, content.length() - 1) + (message.isEmpty() ? "" : ",") + "\"header\":")
          .getBytes(StandardCharsets.UTF_8);
    }

    /** The text frame's content for one device: the shared prefix is wrapped, not copied. */
    public ByteBuf frameFor(String header) {
      return Unpooled.wrappedBuffer(prefix, Json.encode(header).getBytes(StandardCharsets.UTF_8), END);
    }
  }

  public static JsonObject sent(String requestId, JsonObject message) {
    return new JsonObject().put("type", "sent").put("requestId", requestId).put("message", message);
  }

  public static JsonObject error(String requestId, ApiException error) {
    return error(requestId, errorBody(error));
  }

  /** An {@code error} frame around an error object (the REST envelope's {@code error}). */
  public static JsonObject error(String requestId, JsonObject body) {
    JsonObject frame = new JsonObject().put("type", "error").put("error", body);
    if (requestId != null) {
      frame.put("requestId", requestId);
    }
    return frame;
  }

  /** The REST error envelope's object. */
  public static JsonObject errorBody(ApiException error) {
    JsonObject body = new JsonObject().put("code", error.code().name()).put("message", error.getMessage());
    if (!error.details().isEmpty()) {
      JsonArray details = new JsonArray();
      error.details().forEach(d -> details.add(new JsonObject().put("path", d.path()).put("message", d.message())));
      body.put("details", details);
    }
    error.extra().forEach((key, value) -> body.put(key, value instanceof java.util.Collection<?> c
        ? new JsonArray(java.util.List.copyOf(c)) : value));
    return body;
  }
}
