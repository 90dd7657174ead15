package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Provisions and connects the devices of a run: accounts and devices through REST, connections
 * spread over the relay URLs and over local source addresses 127.0.0.1..127.0.0.K, with a bounded
 * number of operations in flight.
 */
final class Fleet {
  static final int DEVICES_PER_ACCOUNT = 100;
  private final Vertx vertx;
  private final Api api;
  private final Stats stats;
  private final BenchOptions options;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final AtomicInteger nextClient = new AtomicInteger();
  /** Shared by every relay connection of the run, so that a device's streams survive its reconnects. */
  private final DeliveryOrder<String> order;

  Fleet(Vertx vertx, Api api, Stats stats, BenchOptions options) {
    this.vertx = vertx;
    this.api = api;
    this.stats = stats;
    this.options = options;
    this.order = DeliveryOrder.forWindow(options.window());
    for (int i = 1; i <= Math.max(1, options.sourceAddresses()); i++) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress("127.0.0." + i)
          .setMaxConnections(100_000).setConnectTimeout(30_000).setMaxFrameSize(1 << 20)
          .setMaxMessageSize(1 << 20)));
    }
  }

  /** A device of an account, ready to connect. */
  record Device(Api.Account account, String deviceId) {}

  Future<List<Api.Account>> accounts(int count, String prefix) {
    return bounded(count, 8, i -> api.register(prefix + i));
  }

  /** One device for each account. */
  Future<List<Device>> oneDeviceEach(List<Api.Account> accounts) {
    return bounded(accounts.size(), 32, i -> api.device(accounts.get(i)).map(id -> new Device(accounts.get(i), id)));
  }

  /** {@code count} devices on as few accounts as the per-account limit allows. */
  Future<List<Device>> devices(int count, String prefix) {
    int accountsNeeded = (count + DEVICES_PER_ACCOUNT - 1) / DEVICES_PER_ACCOUNT;
    return accounts(accountsNeeded, prefix).compose(accounts -> bounded(count, 64,
        i -> api.device(accounts.get(i / DEVICES_PER_ACCOUNT))
            .map(id -> new Device(accounts.get(i / DEVICES_PER_ACCOUNT), id))));
  }

  /** Connects every device (the i-th to relay URL i mod n) and waits until each is synced. */
  Future<List<RelayConnection>> connect(List<Device> devices, int parallel) {
    return connect(devices, parallel, i -> i);
  }

  /** Connects every device, the i-th to relay URL {@code relayOf(i)} mod n, and waits until each is synced. */
  Future<List<RelayConnection>> connect(List<Device> devices, int parallel, IntUnaryOperator relayOf) {
    long start = System.nanoTime();
    return bounded(devices.size(), parallel, i -> {
      Device device = devices.get(i);
      String url = options.relayUrls().get(Math.floorMod(relayOf.applyAsInt(i), options.relayUrls().size()));
      return RelayConnection.open(webSocketClient(), url, device.account(), device.deviceId(), stats, order)
          .compose(connection -> connection.synced().map(connection))
          .onSuccess(c -> stats.connected.incrementAndGet())
          .onFailure(e -> {
            stats.connectFailures.incrementAndGet();
            stats.error("connect: " + e.getMessage());
          });
    }).onComplete(done -> stats.connectPhase(start, System.nanoTime()));
  }

  /** Runs {@code count} operations with at most {@code parallel} in flight; fails on the first failure. */
  <T> Future<List<T>> bounded(int count, int parallel, Function<Integer, Future<T>> operation) {
    List<T> results = new ArrayList<>(java.util.Collections.nCopies(count, null));
    Promise<List<T>> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    if (count == 0) {
      return Future.succeededFuture(results);
    }
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      operation.apply(i).onComplete(result -> {
        if (result.failed()) {
          done.tryFail(result.cause());
          return;
        }
        results.set(i, result.result());
        if (finished.incrementAndGet() == count) {
          done.tryComplete(results);
        } else {
          launch[0].run();
        }
      });
    };
    for (int i = 0; i < Math.min(parallel, count); i++) {
      vertx.runOnContext(v -> launch[0].run());
    }
    return done.future();
  }

  Api api() {
    return api;
  }

  /** The next WebSocket client, round robin over the source addresses. */
  WebSocketClient webSocketClient() {
    return clients.get(Math.floorMod(nextClient.getAndIncrement(), clients.size()));
  }
}
