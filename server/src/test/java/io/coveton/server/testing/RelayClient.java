package io.coveton.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device's relay connection as a client would hold it: frames in arrival order, and the close code. */
public final class RelayClient implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;
  private volatile String closeReason;

  /** Connects with header authentication and waits for {@code ready}. */
  public static RelayClient connect(String url, String accessToken, String deviceId) {
    RelayClient client = open(url, accessToken, deviceId);
    client.expect("ready");
    return client;
  }

  /** Connects without authenticating (first-frame auth, or none). */
  public static RelayClient open(String url, String accessToken, String deviceId) {
    RelayClient client = new RelayClient();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (accessToken != null) {
      builder.header("Authorization", "Bearer " + accessToken).header("X-Device-Id", deviceId);
    }
    client.socket = builder.buildAsync(URI.create(url), client).join();
    return client;
  }

  public RelayClient send(JsonObject frame) {
    socket.sendText(frame.encode(), true).join();
    return this;
  }

  public RelayClient sendText(String text, boolean last) {
    socket.sendText(text, last).join();
    return this;
  }

  public RelayClient ack(String... messageIds) {
    return send(new JsonObject().put("type", "ack").put("ids", new JsonArray(List.of(messageIds))));
  }

  /**
   * The next frame, which must be of this type. In-app notification events are skipped unless an
   * {@code event} is expected: the outbox pushes them after their own commit (registering a device
   * notifies the account), so they may arrive between any two protocol frames.
   */
  public JsonObject expect(String type) {
    Duration timeout = Duration.ofSeconds(10);
    JsonObject frame = "event".equals(type) ? next(timeout) : nextSkippingNotifications(timeout);
    if (frame == null) {
      fail("no '" + type + "' frame arrived" + closedNote());
    }
    assertEquals(type, frame.getString("type"), () -> "unexpected frame " + frame.encode());
    return frame;
  }

  /** Frames until one of this type arrives (others are returned skipped). */
  public JsonObject awaitType(String type, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      JsonObject frame = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
      if (frame != null && type.equals(frame.getString("type"))) {
        return frame;
      }
    }
    fail("no '" + type + "' frame within " + timeout + closedNote());
    return null;
  }

  /**
   * Every frame up to and including the first of this type; fewer when the server closes first or
   * the time runs out (no assertion: for callers that judge what came).
   */
  public List<JsonObject> receivedUntil(String type, Duration timeout) {
    List<JsonObject> received = new ArrayList<>();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      JsonObject frame = next(Duration.ofMillis(50));
      if (frame != null) {
        received.add(frame);
        if (type.equals(frame.getString("type"))) {
          return received;
        }
      } else if (closeCode.isDone()) {
        return received;
      }
    }
    return received;
  }

  public String closeReason() {
    return closeReason;
  }

  /** Asserts that no frame other than a notification event arrives for a while. */
  public void expectSilence(Duration quiet) {
    JsonObject frame = nextSkippingNotifications(quiet);
    if (frame != null) {
      fail("unexpected frame " + frame.encode());
    }
  }

  /** The envelopes of a backlog replay up to {@code synced}. */
  public List<JsonObject> envelopesUntilSynced() {
    List<JsonObject> envelopes = new ArrayList<>();
    while (true) {
      JsonObject frame = next(Duration.ofSeconds(10));
      if (frame == null) {
        fail("no 'synced' frame" + closedNote());
      }
      switch (frame.getString("type")) {
        case "synced" -> {
          return envelopes;
        }
        case "envelope" -> envelopes.add(frame);
        default -> { }
      }
    }
  }

  public JsonObject next(Duration timeout) {
    try {
      return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private JsonObject nextSkippingNotifications(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonObject frame = next(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
      if (frame == null || !isNotification(frame)) {
        return frame;
      }
    }
  }

  private static boolean isNotification(JsonObject frame) {
    return "event".equals(frame.getString("type")) && "notification".equals(frame.getString("event"));
  }

  public int awaitClose() {
    try {
      return closeCode.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("connection was not closed by the server");
      return -1;
    }
  }

  public boolean isClosed() {
    return closeCode.isDone();
  }

  private String closedNote() {
    return closeCode.isDone() ? " (closed with " + closeCode.getNow(null) + ")" : "";
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      frames.add(new JsonObject(partial.toString()));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.complete(1006);
  }

  @Override
  public void close() {
    if (!closeCode.isDone()) {
      socket.abort();
    }
  }
}
