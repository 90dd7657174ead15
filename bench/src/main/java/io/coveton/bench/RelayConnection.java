package io.coveton.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One device's relay connection in the harness: records envelopes (first receipt or redelivery, order
 * by message id per sender device, latency from the timestamp in the ciphertext), acknowledges them in
 * small batches, and, once given a chat with {@link #sendTo}, sends with a bounded window.
 */
final class RelayConnection implements MessageSender {
  private static final long ACK_DELAY_MILLIS = 20;
  private final Stats stats;
  private final DeliveryOrder<String> order;
  private final String deviceId;
  private final Promise<Void> synced = Promise.promise();
  private final Promise<Integer> closed = Promise.promise();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<String> toAck = new ArrayList<>();
  private Promise<Void> pong;
  private String latencyLabel;
  private WebSocket socket;
  /** The socket's event loop: every write happens there, so that sends leave in sequence order. */
  private volatile Context context;
  private volatile Route route;
  private volatile Runnable onAnswered = () -> { };
  /** Touched only on {@link #context}. */
  private long sequence;

  /** Where this device's sends go: the JSON of a send frame up to its ciphertext, built once. */
  private record Route(String messageHead, int owed, int window, Payload payload) {
    String frame(long sequence) {
      return "{\"type\":\"send\",\"requestId\":\"r" + sequence + "\",\"message\":" + messageHead
          + payload.encode(0, sequence) + "\"}}";
    }
  }

  private RelayConnection(Stats stats, DeliveryOrder<String> order, String deviceId) {
    this.stats = stats;
    this.order = order;
    this.deviceId = deviceId;
  }

  static Future<RelayConnection> open(WebSocketClient client, String url, Api.Account account, String deviceId,
      Stats stats, DeliveryOrder<String> order) {
    RelayConnection connection = new RelayConnection(stats, order, deviceId);
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

  /** Latencies of envelopes this connection receives are also counted under this label. */
  void latencyLabel(String label) {
    this.latencyLabel = label;
  }

  /**
   * From now on {@link #trySend} sends to this chat, sealed (nominally) to each recipient device; each
   * stored message is owed to {@code owed} of them (those online in this run).
   */
  void sendTo(String chatId, List<String> recipients, int owed, int window, Payload payload) {
    JsonArray envelopes = new JsonArray();
    recipients.forEach(d -> envelopes.add(new JsonObject().put("deviceId", d).put("header", "sealed")));
    String message = new JsonObject().put("chatId", chatId).put("contentType", "application/octet-stream")
        .put("envelopes", envelopes).encode();
    route = new Route(message.substring(0, message.length() - 1) + ",\"ciphertext\":\"", owed, window, payload);
  }

  @Override
  public boolean trySend() {
    Route target = Objects.requireNonNull(route, "sendTo first");
    if (inFlight.incrementAndGet() > target.window()) {
      inFlight.decrementAndGet();
      return false;
    }
    stats.sent.incrementAndGet();
    context.runOnContext(v -> socket.writeTextMessage(target.frame(++sequence)));
    return true;
  }

  @Override
  public void onAnswered(Runnable handler) {
    this.onAnswered = handler;
  }

  /** Sends what is left to acknowledge, then a ping; completes on its pong, when the server has read the acks. */
  Future<Void> flushAcks() {
    Promise<Void> answered = Promise.promise();
    context.runOnContext(v -> {
      writeAcks();
      pong = answered;
      socket.writeTextMessage("{\"type\":\"ping\"}");
    });
    return answered.future();
  }

  Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  private void onText(String text) {
    if (context == null) {
      context = Vertx.currentContext();
    }
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "envelope" -> envelope(frame.getJsonObject("message"));
      case "synced" -> synced.tryComplete();
      case "sent" -> answered(() -> stats.owe(route.owed()));
      case "error" -> {
        String kind = "error frame: " + frame.getJsonObject("error").getString("code");
        if (frame.containsKey("requestId")) {
          answered(() -> stats.refused(kind));
        } else {
          stats.error(kind);
        }
      }
      case "pong" -> {
        if (pong != null) {
          pong.tryComplete();
        }
      }
      default -> { }
    }
  }

  private void answered(Runnable count) {
    inFlight.decrementAndGet();
    count.run();
    onAnswered.run();
  }

  private void envelope(JsonObject message) {
    String id = message.getString("id");
    String sender = Objects.requireNonNullElse(message.getString("senderDeviceId"), "");
    if (stats.received(order.receive(deviceId, sender, id))) {
      Payload.Header header = Payload.read(message.getString("ciphertext"));
      if (header != null) {
        long micros = (System.nanoTime() - header.sentNanos()) / 1000;
        if (latencyLabel == null) {
          stats.latencyMicros(micros);
        } else {
          stats.latencyMicros(latencyLabel, micros);
        }
      }
    }
    // redeliveries are acknowledged too: otherwise the server would keep them pending
    if (toAck.isEmpty()) {
      context.owner().setTimer(ACK_DELAY_MILLIS, t -> writeAcks());
    }
    toAck.add(id);
  }

  private void writeAcks() {
    if (toAck.isEmpty() || socket.isClosed()) {
      return;
    }
    socket.writeTextMessage(new JsonObject().put("type", "ack").put("ids", new JsonArray(new ArrayList<>(toAck)))
        .encode());
    toAck.clear();
  }
}
