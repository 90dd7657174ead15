package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code idle}: connect N devices as fast as allowed and hold them (server heartbeats) for the
 * duration. {@code reconnect-storm}: N devices connect, drop, get M messages each stored while away,
 * and all reconnect at once; every stored message must be replayed, in order.
 */
final class ConnectionScenario implements Scenario {
  private static final int CONNECT_PARALLELISM = 512;
  /** Long enough to measure a replay that misses a 30 s target, rather than cut it off there. */
  private static final int REPLAY_LIMIT_SECONDS = 300;
  private final Vertx vertx;
  private final boolean storm;

  ConnectionScenario(Vertx vertx, boolean storm) {
    this.vertx = vertx;
    this.storm = storm;
  }

  @Override
  public Future<Void> run(Fleet fleet, BenchOptions options, Stats stats) {
    if (!storm) {
      return fleet.devices(options.connections(), "idle")
          .compose(devices -> fleet.connect(devices, CONNECT_PARALLELISM))
          .compose(connections -> hold(connections, options, stats));
    }
    // one device per account, so that a direct chat's envelope set is exactly {sender, target}
    return fleet.accounts(options.connections() + 1, "storm").compose(fleet::oneDeviceEach)
        .compose(devices -> fleet.connect(devices.subList(1, devices.size()), CONNECT_PARALLELISM)
            .compose(connections -> reconnectStorm(fleet, devices, connections, options, stats)));
  }

  private Future<Void> hold(List<RelayConnection> connections, BenchOptions options, Stats stats) {
    long start = System.nanoTime();
    Promise<Void> held = Promise.promise();
    vertx.setTimer(options.durationSeconds() * 1000L, id -> {
      long open = connections.stream().filter(c -> !c.closed().isComplete()).count();
      if (open < connections.size()) {
        stats.error("connections dropped while idle: " + (connections.size() - open));
      }
      stats.loadPhase(start, System.nanoTime());
      held.complete();
    });
    return held.future();
  }

  /**
   * Everyone leaves; M messages per device are stored (REST) while away; everyone comes back at once.
   * {@code replaySeconds} runs from the first reconnect to the last owed delivery.
   */
  private Future<Void> reconnectStorm(Fleet fleet, List<Fleet.Device> devices, List<RelayConnection> connections,
      BenchOptions options, Stats stats) {
    Fleet.Device sender = devices.get(0);
    Payload payload = new Payload(options.payloadBytes());
    int messages = options.messagesWhileAway();
    stats.report("messagesWhileAway", messages);
    return Future.all(connections.stream().map(RelayConnection::close).toList())
        .compose(v -> fleet.bounded(devices.size() - 1, 64,
            i -> sendWhileAway(fleet, sender, devices.get(i + 1), messages, payload, stats)))
        .compose(v -> {
          System.out.printf("reconnect-storm: %d messages stored for %d devices; reconnecting all%n",
              stats.acknowledged.get(), devices.size() - 1);
          stats.connected.set(0);
          long start = System.nanoTime();
          return fleet.connect(devices.subList(1, devices.size()), CONNECT_PARALLELISM)
              .onComplete(done -> stats.loadPhase(start, System.nanoTime()))
              .compose(back -> RateLoop.until(vertx, REPLAY_LIMIT_SECONDS, () -> stats.undelivered() == 0))
              .onComplete(done -> stats.report("replaySeconds", stats.undelivered() == 0
                  ? Math.round(Math.max(0, stats.lastDeliveryNanos() - start) / 1e7) / 100.0 : null));
        });
  }

  /** M messages, one after the other, so that their ids (and the order owed) follow the sequence. */
  private Future<Void> sendWhileAway(Fleet fleet, Fleet.Device sender, Fleet.Device target, int messages,
      Payload payload, Stats stats) {
    return fleet.api().direct(sender.account(), target.account().userId()).compose(chat -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < messages; i++) {
        long sequence = i;
        chain = chain.compose(v -> send(fleet, sender, chat, target, payload.encode(0, sequence), stats));
      }
      return chain;
    });
  }

  private Future<Void> send(Fleet fleet, Fleet.Device sender, String chat, Fleet.Device target, String ciphertext,
      Stats stats) {
    JsonObject body = new JsonObject().put("chatId", chat).put("contentType", "application/octet-stream")
        .put("ciphertext", ciphertext).put("envelopes", new JsonArray()
            .add(new JsonObject().put("deviceId", target.deviceId()).put("header", "sealed"))
            .add(new JsonObject().put("deviceId", sender.deviceId()).put("header", "sealed")));
    stats.sent.incrementAndGet();
    return fleet.api().call(HttpMethod.POST, "/v1/messages", sender.account().token(), body)
        .map(stored -> {
          stats.owe(1);
          return (Void) null;
        });
  }
}
