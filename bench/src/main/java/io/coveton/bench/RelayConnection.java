package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * One device's relay connection in the harness: records envelopes (latency from the timestamp the
 * sender put in the ciphertext), acknowledges them in small batches, and reports {@code sent}.
 */
final class RelayConnection {
  private static final long ACK_DELAY_MILLIS = 20;
  private final Vertx vertx;
  private final Stats stats;
  private final String deviceId;
  private final Promise<Void> synced = Promise.promise();
  private final Promise<Integer> closed = Promise.promise();
  private final List<String> toAck = new ArrayList<>();
  private Consumer<JsonObject> onSent = frame -> { };
  private String latencyLabel;
  private WebSocket socket;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

  private RelayConnection(Vertx vertx, Stats stats, String deviceId) {
    this.vertx = vertx;
    this.stats = stats;
    this.deviceId = deviceId;
  }

  static Future<RelayConnection> open(Vertx vertx, WebSocketClient client, String url, Api.Account account,
      String deviceId, Stats stats) {
    RelayConnection connection = new RelayConnection(vertx, stats, deviceId);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url).setTimeout(30_000)
        .addHeader("Authorization", "Bearer " + account.token()).addHeader("X-Device-Id", deviceId);
    return client.connect(options).map(socket -> {
      connection.socket = socket;
      socket.textMessageHandler(connection::onText);
      socket.closeHandler(v -> connection.closed.tryComplete(socket.closeStatusCode() == null ? 1006
          : socket.closeStatusCode().intValue()));
      socket.exceptionHandler(e -> stats.error("socket: " + e.getClass().getSimpleName()));
      return connection;
    });
  }

  String deviceId() {
    return deviceId;
  }

  Future<Void> synced() {
    return synced.future();
  }

  Future<Integer> closed() {
    return closed.future();
  }

  int inFlight() {
    return inFlight.get();
  }

  /** Latencies of envelopes this connection receives are also counted under this label. */
  void latencyLabel(String label) {
    this.latencyLabel = label;
  }

  void onSent(Consumer<JsonObject> handler) {
    this.onSent = handler;
  }

  /** Sends a message whose ciphertext carries the send time, sealed (nominally) to each recipient. */
  void send(String requestId, String chatId, List<String> recipients) {
    String ciphertext = Base64.getEncoder().encodeToString(
        (System.nanoTime() + ":" + requestId).getBytes(StandardCharsets.US_ASCII));
    JsonArray envelopes = new JsonArray();
    recipients.forEach(d -> envelopes.add(new JsonObject().put("deviceId", d).put("header", "sealed")));
    inFlight.incrementAndGet();
    stats.sent.incrementAndGet();
    socket.writeTextMessage(new JsonObject().put("type", "send").put("requestId", requestId)
        .put("message", new JsonObject().put("chatId", chatId).put("contentType", "application/octet-stream")
            .put("ciphertext", ciphertext).put("envelopes", envelopes)).encode());
  }

  Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  private void onText(String text) {
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "envelope" -> envelope(frame.getJsonObject("message"));
      case "synced" -> synced.tryComplete();
      case "sent" -> {
        inFlight.decrementAndGet();
        onSent.accept(frame);
      }
      case "error" -> {
        inFlight.decrementAndGet();
        stats.error("error frame: " + frame.getJsonObject("error").getString("code"));
      }
      default -> { }
    }
  }

  private void envelope(JsonObject message) {
    String decoded = new String(Base64.getDecoder().decode(message.getString("ciphertext")), StandardCharsets.US_ASCII);
    int colon = decoded.indexOf(':');
    if (colon > 0) {
      long micros = (System.nanoTime() - Long.parseLong(decoded.substring(0, colon))) / 1000;
      if (latencyLabel == null) {
        stats.latencyMicros(micros);
      } else {
        stats.latencyMicros(latencyLabel, micros);
      }
    }
    stats.received(message.getString("id"));
    if (toAck.isEmpty()) {
      vertx.setTimer(ACK_DELAY_MILLIS, id -> flushAcks());
    }
    toAck.add(message.getString("id"));
  }

  private void flushAcks() {
    if (toAck.isEmpty() || socket.isClosed()) {
      return;
    }
    socket.writeTextMessage(new JsonObject().put("type", "ack").put("ids", new JsonArray(new ArrayList<>(toAck)))
        .encode());
    toAck.clear();
  }
}
