package io.coveton.client.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveton.client.http.RestTransport;
import io.coveton.client.http.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A device's live connection to the relay. Authenticates with its first frame, hands each
 * message to the listener once (the relay delivers at least once: duplicates are recognised by
 * id), acknowledges in batches after the listener returned, and reconnects with jittered
 * exponential backoff to the next node of its list. Close codes: 4409 (replaced by a newer
 * connection) and 4403 (the device or session is gone) stop it; 4401 refreshes the token and
 * reconnects; 1001 (the node is draining) goes to another node at once.
 */
public final class RelayClient implements AutoCloseable {
  private static final Duration ACK_DELAY = Duration.ofMillis(50);
  private static final int ACK_BATCH = 200;
  private static final long MAX_BACKOFF_MILLIS = 15_000;

  /** What the connection reports. Called on the client's own thread, one call at a time. */
  public interface Listener {
    /** A message for this device (the {@code message} of an {@code envelope} frame), new to this client. */
    void onMessage(JsonNode message);

    /** The backlog is delivered: what follows is live. */
    default void onSynced() {}

    /** Any other frame (events such as {@code message.deleted}, {@code presence}, {@code notification}). */
    default void onFrame(JsonNode frame) {}

    /** The connection stopped for good ({@code code} 4409 or 4403, or {@link #close()}). */
    default void onStopped(int code, String reason) {}
  }

  /** How the connection authenticates: with its first frame, or with headers on the upgrade request. */
  public enum Authentication { FIRST_FRAME, HEADERS }

  private final List<URI> nodes;
  private final Authentication authentication;
  private final RestTransport transport;
  private final String deviceId;
  private final ObjectMapper json;
  private final Listener listener;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "coveton-relay");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 50_000;
    }
  };
  private final List<String> pendingAcks = new ArrayList<>();
  private WebSocket socket;
  private Tokens.Used connectedWith;
  private int node;
  private int failures;
  private boolean stopped;
  private volatile boolean ready;

  public RelayClient(List<URI> nodes, RestTransport transport, String deviceId, Listener listener) {
    this(nodes, transport, deviceId, Authentication.FIRST_FRAME, listener);
  }

  public RelayClient(List<URI> nodes, RestTransport transport, String deviceId, Authentication authentication,
      Listener listener) {
    this.authentication = authentication;
    this.nodes = List.copyOf(nodes);
    this.transport = transport;
    this.deviceId = deviceId;
    this.json = transport.json();
    this.listener = listener;
  }

  public void start() {
    loop.execute(this::connect);
  }

  /** Whether the relay answered {@code ready} on the current connection. */
  public boolean ready() {
    return ready;
  }

  private void connect() {
    if (stopped) {
      return;
    }
    URI target = nodes.get(node % nodes.size());
    Tokens.Used token = transport.tokens().current();
    connectedWith = token;
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (authentication == Authentication.HEADERS) {
      builder.header("Authorization", "Bearer " + token.accessToken()).header("X-Device-Id", deviceId);
    }
    builder.buildAsync(target, new Frames())
        .whenComplete((ws, error) -> post(() -> {
          if (error != null) {
            if (rejectedToken(error)) {
              onClosed(4401, "the upgrade was refused: 401");
            } else {
              retry(false);
            }
          } else {
            socket = ws;
            if (authentication == Authentication.FIRST_FRAME) {
              send(json.createObjectNode().put("type", "auth").put("accessToken", token.accessToken())
                  .put("deviceId", deviceId));
            }
          }
        }));
  }

  private void retry(boolean immediately) {
    ready = false;
    socket = null;
    if (stopped) {
      return;
    }
    node++;
    long delay = 0;
    if (!immediately) {
      failures++;
      long ceiling = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(failures, 8));
      delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
    loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  private void onFrame(JsonNode frame) {
    switch (frame.path("type").asText()) {
      case "ready" -> {
        ready = true;
        failures = 0;
      }
      case "envelope" -> {
        JsonNode message = frame.path("message");
        String id = message.path("id").asText();
        String key = id + "/" + frame.path("event").asText();
        if (!seen.containsKey(key)) {
          try {
            listener.onMessage(message);
          } catch (RuntimeException e) {
            // not acknowledged, not marked seen: it comes again on the next connection
            listener.onFrame(json.createObjectNode().put("type", "client-error").put("messageId", id)
                .put("message", String.valueOf(e)));
            return;
          }
          seen.put(key, Boolean.TRUE);
        }
        acknowledge(id);
      }
      case "synced" -> listener.onSynced();
      default -> listener.onFrame(frame);
    }
  }

  private void acknowledge(String id) {
    pendingAcks.add(id);
    if (pendingAcks.size() >= ACK_BATCH) {
      flushAcks();
    } else if (pendingAcks.size() == 1) {
      loop.schedule(this::flushAcks, ACK_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void flushAcks() {
    if (pendingAcks.isEmpty() || socket == null) {
      return; // unacknowledged ones come again on the next connection, and are recognised then
    }
    ObjectNode ack = json.createObjectNode().put("type", "ack");
    ArrayNode ids = ack.putArray("ids");
    pendingAcks.forEach(ids::add);
    pendingAcks.clear();
    send(ack);
  }

  private void send(JsonNode frame) {
    WebSocket current = socket;
    if (current != null) {
      current.sendText(frame.toString(), true);
    }
  }

  private void onClosed(int code, String reason) {
    pendingAcks.clear();
    switch (code) {
      case 4409, 4403 -> stop(code, reason);
      case 4401 -> {
        try {
          transport.refreshTokens(connectedWith);
          retry(true);
        } catch (io.coveton.client.CovetonException.Unauthorized e) {
          stop(code, "the session is gone: " + e.getMessage());
        } catch (RuntimeException e) {
          retry(false); // the server could not be reached to refresh: try again later
        }
      }
      case 1001 -> retry(true);
      default -> retry(false);
    }
  }

  private void stop(int code, String reason) {
    if (!stopped) {
      stopped = true;
      ready = false;
      listener.onStopped(code, reason);
    }
  }

  @Override
  public void close() {
    loop.execute(() -> {
      flushAcks();
      WebSocket current = socket;
      stop(1000, "closed by the client");
      if (current != null) {
        current.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      }
    });
    loop.shutdown();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs on the client's thread; callbacks that arrive after {@link #close()} are dropped. */
  private void post(Runnable task) {
    try {
      loop.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closed: nothing more to do for this connection
    }
  }

  private static boolean rejectedToken(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.http.WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode() == 401;
      }
    }
    return false;
  }

  /** The socket's callbacks, moved onto the client's own thread. */
  private final class Frames implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String frame = text.toString();
        text.setLength(0);
        post(() -> {
          try {
            onFrame(json.readTree(frame));
          } catch (Exception e) {
            listener.onFrame(json.createObjectNode().put("type", "client-error").put("message", String.valueOf(e)));
          }
        });
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      post(() -> {
        if (socket == webSocket) {
          onClosed(statusCode, reason);
        }
      });
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      post(() -> {
        if (socket == webSocket) {
          retry(false);
        }
      });
    }
  }
}
