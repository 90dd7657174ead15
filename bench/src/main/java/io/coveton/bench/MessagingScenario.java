package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code direct}: pairs of devices in direct chats, senders sending over the relay at the target rate.
 * {@code group}: one group of G devices, one member sending at the target rate (fan-out G-1).
 * Every {@code sent} message is owed to each recipient until it arrives.
 */
final class MessagingScenario implements Scenario {
  private static final int MAX_IN_FLIGHT_PER_SENDER = 64;
  private final boolean group;
  private final Vertx vertx;

  MessagingScenario(Vertx vertx, boolean group) {
    this.vertx = vertx;
    this.group = group;
  }

  /** A sending connection, its chat and the devices it seals to. */
  private record Lane(RelayConnection sender, String chatId, List<String> recipients) {}

  @Override
  public Future<Void> run(Fleet fleet, BenchOptions options, Stats stats) {
    return (group ? provisionGroup(fleet, options) : provisionPairs(fleet, options))
        .compose(lanes -> load(lanes, options, stats));
  }

  private Future<List<Lane>> provisionPairs(Fleet fleet, BenchOptions options) {
    int pairs = options.pairs();
    return fleet.accounts(pairs * 2, "direct").compose(accounts -> fleet.oneDeviceEach(accounts)
        .compose(devices -> fleet.bounded(pairs, 32, i -> fleet.api().direct(accounts.get(2 * i),
            accounts.get(2 * i + 1).userId()))
            .compose(chats -> fleet.connect(devices, 256, d -> relayOf(options.placement(), d)).map(connections -> {
              List<Lane> lanes = new ArrayList<>();
              int relays = options.relayUrls().size();
              for (int i = 0; i < pairs; i++) {
                boolean sameNode = Math.floorMod(relayOf(options.placement(), 2 * i), relays)
                    == Math.floorMod(relayOf(options.placement(), 2 * i + 1), relays);
                connections.get(2 * i + 1).latencyLabel(sameNode ? "same-node" : "cross-node");
                lanes.add(new Lane(connections.get(2 * i), chats.get(i), List.of(devices.get(2 * i + 1).deviceId())));
              }
              return lanes;
            }))));
  }

  /** The relay URL index (mod n) of device {@code d}: pair d / 2, sender if d is even. */
  private static int relayOf(String placement, int d) {
    int pair = d / 2;
    boolean recipient = d % 2 == 1;
    return switch (placement) {
      case "same-node" -> pair;
      case "cross-node" -> recipient ? pair + 1 : pair;
      case "mixed" -> recipient && pair % 2 == 1 ? pair + 1 : pair;
      default -> d;
    };
  }

  private Future<List<Lane>> provisionGroup(Fleet fleet, BenchOptions options) {
    int size = options.groupSize();
    return fleet.accounts(size, "group").compose(accounts -> fleet.oneDeviceEach(accounts).compose(devices -> {
      List<String> others = accounts.subList(1, size).stream().map(Api.Account::userId).toList();
      return fleet.api().group(accounts.get(0), others).compose(chat -> fleet.connect(devices, 256)
          .map(connections -> List.of(new Lane(connections.get(0), chat,
              devices.subList(1, size).stream().map(Fleet.Device::deviceId).toList()))));
    }));
  }

  private Future<Void> load(List<Lane> lanes, BenchOptions options, Stats stats) {
    lanes.forEach(lane -> lane.sender().onSent(frame ->
        stats.owe(frame.getJsonObject("message").getString("id"), lane.recipients().size())));
    AtomicInteger next = new AtomicInteger();
    AtomicLong requestIds = new AtomicLong();
    int maxInFlight = group ? MAX_IN_FLIGHT_PER_SENDER * 4 : MAX_IN_FLIGHT_PER_SENDER;
    RateLoop.Action send = () -> {
      Lane lane = lanes.get(Math.floorMod(next.getAndIncrement(), lanes.size()));
      if (lane.sender().inFlight() >= maxInFlight) {
        return false;
      }
      lane.sender().send("r" + requestIds.incrementAndGet(), lane.chatId(), lane.recipients());
      return true;
    };
    long[] start = new long[1];
    return RateLoop.run(vertx, options.rate(), options.warmupSeconds(), send).compose(warm -> {
      stats.measureFromNow();
      start[0] = System.nanoTime();
      return RateLoop.run(vertx, options.rate(), options.durationSeconds(), send);
    }).compose(v -> {
      stats.loadPhase(start[0], System.nanoTime());
      return settle(stats);
    });
  }

  /** After the load: waits (at most 15 s) for owed deliveries and unanswered sends to arrive. */
  private Future<Void> settle(Stats stats) {
    return RateLoop.until(vertx, 15, () -> stats.undelivered() == 0
        && stats.acknowledged.get() + errorsAnswered(stats) >= stats.sent.get());
  }

  private static long errorsAnswered(Stats stats) {
    return stats.errorsStartingWith("error frame");
  }
}
