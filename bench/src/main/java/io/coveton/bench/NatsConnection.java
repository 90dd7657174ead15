package io.coveton.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One NATS core client over WebSocket, speaking the text protocol itself: CONNECT, SUB, and PUB each
 * followed by a PING in the same frame, MSG in, PING answered. A PUB counts as answered when the PONG
 * of its PING arrives (the server has taken it: NATS's counterpart of Coveton's {@code sent}).
 */
final class NatsConnection implements MessageSender, NatsParser.Listener {
  private static final String CONNECT =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"echo\":false}\r\n";
  private final String name;
  private final Stats stats;
  private final DeliveryOrder<Long> order;
  private final NatsParser parser = new NatsParser(this);
  private final Promise<Void> greeted = Promise.promise();
  /** What each unanswered PING is for: the server answers PINGs in order. Touched only on {@link #context}. */
  private final ArrayDeque<Runnable> pongWaiters = new ArrayDeque<>();
  private final Runnable published = this::published;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private WebSocket socket;
  /** The socket's event loop: every write happens there, so that PUBs leave in sequence order. */
  private volatile Context context;
  private volatile Publication publication;
  private volatile Runnable onAnswered = () -> { };
  private volatile boolean closing;
  /** Touched only on {@link #context}. */
  private long sequence;

  /** Where {@link #trySend} publishes, and to how many subscribers each message is owed. */
  private record Publication(String subject, int recipients, int window, Payload payload, int sender) {}

  private NatsConnection(String name, Stats stats, DeliveryOrder<Long> order) {
    this.name = name;
    this.stats = stats;
    this.order = order;
  }

  /** Connects, waits for INFO, sends CONNECT and completes once the server has answered its PING. */
  static Future<NatsConnection> open(WebSocketClient client, String url, String name, Stats stats,
      DeliveryOrder<Long> order) {
    NatsConnection connection = new NatsConnection(name, stats, order);
    return client.connect(new WebSocketConnectOptions().setAbsoluteURI(url).setTimeout(30_000)).compose(socket -> {
      connection.socket = socket;
      socket.handler(connection.parser::feed);
      socket.exceptionHandler(e -> stats.error("nats socket: " + e.getClass().getSimpleName()));
      socket.closeHandler(v -> {
        if (!connection.closing) {
          stats.error("nats: connection closed by the server");
        }
      });
      return connection.greeted.future();
    }).compose(v -> connection.control(CONNECT)).map(connection);
  }

  /** Subscribes; completes once the server has answered the PING that follows, so the SUB is in effect. */
  Future<Void> subscribe(String subject) {
    return control("SUB " + subject + " " + subscriptions.incrementAndGet() + "\r\n");
  }

  /** From now on {@link #trySend} publishes to {@code subject}, owed to {@code recipients} subscribers. */
  void publishTo(String subject, int recipients, int window, Payload payload, int sender) {
    publication = new Publication(subject, recipients, window, payload, sender);
  }

  @Override
  public boolean trySend() {
    Publication target = Objects.requireNonNull(publication, "publishTo first");
    if (inFlight.incrementAndGet() > target.window()) {
      inFlight.decrementAndGet();
      return false;
    }
    stats.sent.incrementAndGet();
    context.runOnContext(v -> publish(target));
    return true;
  }

  @Override
  public void onAnswered(Runnable handler) {
    this.onAnswered = handler;
  }

  Future<Void> close() {
    closing = true;
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  @Override
  public void info(String json) {
    context = Vertx.currentContext();
    greeted.tryComplete();
  }

  @Override
  public void message(byte[] data, int offset, int length) {
    Payload.Header header = length >= Payload.HEADER_CHARS ? Payload.read(data, offset) : null;
    if (header == null) {
      stats.error("nats: message without a harness payload");
      return;
    }
    if (stats.received(order.receive(name, Integer.toString(header.sender()), header.sequence()))) {
      stats.latencyMicros((System.nanoTime() - header.sentNanos()) / 1000);
    }
  }

  @Override
  public void ping() {
    socket.writeBinaryMessage(Buffer.buffer("PONG\r\n"));
  }

  @Override
  public void pong() {
    Runnable waiter = pongWaiters.poll();
    if (waiter == null) {
      stats.error("nats: PONG without a PING");
    } else {
      waiter.run();
    }
  }

  @Override
  public void error(String line) {
    stats.error("nats: " + line);
  }

  private void publish(Publication target) {
    String text = target.payload().encode(target.sender(), ++sequence);
    Buffer frame = Buffer.buffer(text.length() + target.subject().length() + 32)
        .appendString("PUB ").appendString(target.subject()).appendString(" ")
        .appendString(Integer.toString(text.length())).appendString("\r\n")
        .appendString(text).appendString("\r\nPING\r\n");
    pongWaiters.add(published);
    socket.writeBinaryMessage(frame);
  }

  private void published() {
    inFlight.decrementAndGet();
    stats.owe(publication.recipients());
    onAnswered.run();
  }

  /** Writes {@code operations} and a PING; completes on its PONG. */
  private Future<Void> control(String operations) {
    Promise<Void> answered = Promise.promise();
    context.runOnContext(v -> {
      pongWaiters.add(answered::tryComplete);
      socket.writeBinaryMessage(Buffer.buffer(operations + "PING\r\n"));
    });
    return answered.future();
  }
}
