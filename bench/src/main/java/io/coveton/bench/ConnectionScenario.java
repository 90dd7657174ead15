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
 * duration. {@code reconnect-storm}: N devices connect, drop, get messages stored while away, and
 * all reconnect at once; every stored message must be replayed.
 */
final class ConnectionScenario implements Scenario {
  private static final int CONNECT_PARALLELISM = 512;
  private static final int MESSAGES_WHILE_AWAY = 3;
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
            .compose(connections -> reconnectStorm(fleet, devices, connections, stats)));
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

  /** Everyone leaves; a message per device is stored (REST) while away; everyone comes back at once. */
  private Future<Void> reconnectStorm(Fleet fleet, List<Fleet.Device> devices, List<RelayConnection> connections,
      Stats stats) {
    Fleet.Device sender = devices.get(0);
    return Future.all(connections.stream().map(RelayConnection::close).toList())
        .compose(v -> fleet.bounded(devices.size() - 1, 64, i -> sendWhileAway(fleet, sender, devices.get(i + 1), stats)))
        .compose(v -> {
          stats.connected.set(0);
          long start = System.nanoTime();
          return fleet.connect(devices.subList(1, devices.size()), CONNECT_PARALLELISM)
              .onComplete(done -> stats.loadPhase(start, System.nanoTime()))
              .compose(back -> settle(stats));
        });
  }

  private Future<Void> sendWhileAway(Fleet fleet, Fleet.Device sender, Fleet.Device target, Stats stats) {
    return fleet.api().direct(sender.account(), target.account().userId()).compose(chat -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < MESSAGES_WHILE_AWAY; i++) {
        chain = chain.compose(v -> send(fleet, sender, chat, target, stats));
      }
      return chain;
    });
  }

  private Future<Void> send(Fleet fleet, Fleet.Device sender, String chat, Fleet.Device target, Stats stats) {
    String ciphertext = java.util.Base64.getEncoder().encodeToString((System.nanoTime() + ":rest").getBytes());
    JsonObject body = new JsonObject().put("chatId", chat).put("contentType", "application/octet-stream")
        .put("ciphertext", ciphertext).put("envelopes", new JsonArray()
            .add(new JsonObject().put("deviceId", target.deviceId()).put("header", "sealed"))
            .add(new JsonObject().put("deviceId", sender.deviceId()).put("header", "sealed")));
    stats.sent.incrementAndGet();
    return fleet.api().call(HttpMethod.POST, "/v1/messages", sender.account().token(), body)
        .map(stored -> {
          stats.owe(stored.getString("id"), 1);
          return (Void) null;
        });
  }

  private Future<Void> settle(Stats stats) {
    return RateLoop.until(vertx, 30, () -> stats.undelivered() == 0);
  }
}
