package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code --target nats}: direct and group against NATS core over WebSocket, shaped like the Coveton
 * scenarios so that the two compare: one connection per device; direct = each recipient subscribed to
 * its own subject, its sender publishing there; group = G-1 subscribers of one subject and one
 * publisher. Same payload, window, rate loop, settle and summary.
 */
final class NatsScenario implements Scenario {
  private static final int CONNECT_PARALLELISM = 256;
  private final Vertx vertx;
  private final boolean group;

  NatsScenario(Vertx vertx, boolean group) {
    this.vertx = vertx;
    this.group = group;
  }

  @Override
  public Future<Void> run(Fleet fleet, BenchOptions options, Stats stats) {
    Payload payload = new Payload(options.payloadBytes());
    DeliveryOrder<Long> order = DeliveryOrder.forWindow(options.window());
    // subjects of their own, so that runs sharing a server never see each other's messages
    String prefix = "coveton-bench." + UUID.randomUUID().toString().substring(0, 8);
    int count = group ? options.groupSize() : 2 * options.pairs();
    long start = System.nanoTime();
    return fleet.bounded(count, CONNECT_PARALLELISM, i ->
            NatsConnection.open(fleet.webSocketClient(), options.natsUrl(), "c" + i, stats, order)
                .onSuccess(c -> stats.connected.incrementAndGet())
                .onFailure(e -> {
                  stats.connectFailures.incrementAndGet();
                  stats.error("nats connect: " + e.getMessage());
                }))
        .onComplete(done -> stats.connectPhase(start, System.nanoTime()))
        .compose(connections -> group
            ? group(connections, prefix + ".group", options, payload)
            : direct(connections, prefix, options, payload))
        .compose(senders -> WindowedLoad.timed(vertx, senders, options, stats));
  }

  /** Connection 2i publishes to subject {@code prefix.i}, to which connection 2i+1 alone subscribes. */
  private static Future<List<NatsConnection>> direct(List<NatsConnection> connections, String prefix,
      BenchOptions options, Payload payload) {
    List<NatsConnection> senders = new ArrayList<>();
    List<Future<Void>> subscribed = new ArrayList<>();
    for (int i = 0; i < options.pairs(); i++) {
      String subject = prefix + "." + i;
      subscribed.add(connections.get(2 * i + 1).subscribe(subject));
      connections.get(2 * i).publishTo(subject, 1, options.window(), payload, i);
      senders.add(connections.get(2 * i));
    }
    return Future.all(subscribed).map(senders);
  }

  /** Connection 0 publishes to one subject that all the others subscribe to. */
  private static Future<List<NatsConnection>> group(List<NatsConnection> connections, String subject,
      BenchOptions options, Payload payload) {
    List<Future<Void>> subscribed = connections.subList(1, connections.size()).stream()
        .map(c -> c.subscribe(subject)).toList();
    NatsConnection publisher = connections.get(0);
    publisher.publishTo(subject, connections.size() - 1, options.window(), payload, 0);
    return Future.all(subscribed).map(List.of(publisher));
  }
}
