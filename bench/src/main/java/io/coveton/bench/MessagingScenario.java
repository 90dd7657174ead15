package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code direct}: pairs of devices in direct chats, senders sending over the relay at the target rate.
 * {@code group}: one group of G devices, one member sending at the target rate (fan-out G-1).
 * Every {@code sent} message is owed to each recipient until it arrives; each sender holds at most
 * {@code --window} sends unanswered.
 */
final class MessagingScenario implements Scenario {
  private final boolean group;
  private final Vertx vertx;

  MessagingScenario(Vertx vertx, boolean group) {
    this.vertx = vertx;
    this.group = group;
  }

  /** Connected senders, ready to send, and the recipients' connections. */
  record Lanes(List<RelayConnection> senders, List<RelayConnection> recipients) {}

  @Override
  public Future<Void> run(Fleet fleet, BenchOptions options, Stats stats) {
    Payload payload = new Payload(options.payloadBytes());
    Future<Lanes> lanes = group
        ? group(fleet, options.groupSize(), true, "group", options.window(), payload)
        : pairs(fleet, options, options.pairs(), "direct", payload);
    return lanes.compose(ready -> WindowedLoad.timed(vertx, ready.senders(), options, stats));
  }

  /** {@code pairs} direct chats, both devices connected where {@code --placement} says. */
  static Future<Lanes> pairs(Fleet fleet, BenchOptions options, int pairs, String prefix, Payload payload) {
    String placement = options.placement();
    return fleet.accounts(pairs * 2, prefix).compose(accounts -> fleet.oneDeviceEach(accounts)
        .compose(devices -> fleet.bounded(pairs, 32, i -> fleet.api().direct(accounts.get(2 * i),
            accounts.get(2 * i + 1).userId()))
            .compose(chats -> fleet.connect(devices, 256, d -> relayOf(placement, d)).map(connections -> {
              List<RelayConnection> senders = new ArrayList<>();
              List<RelayConnection> recipients = new ArrayList<>();
              int relays = options.relayUrls().size();
              for (int i = 0; i < pairs; i++) {
                boolean sameNode = Math.floorMod(relayOf(placement, 2 * i), relays)
                    == Math.floorMod(relayOf(placement, 2 * i + 1), relays);
                RelayConnection sender = connections.get(2 * i);
                RelayConnection recipient = connections.get(2 * i + 1);
                recipient.latencyLabel(sameNode ? "same-node" : "cross-node");
                sender.sendTo(chats.get(i), List.of(recipient.deviceId()), 1, options.window(), payload);
                senders.add(sender);
                recipients.add(recipient);
              }
              return new Lanes(senders, recipients);
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

  /**
   * A group of {@code size} single-device accounts whose first member sends; the others connect only
   * if {@code recipientsOnline} (preload leaves them offline, so that their envelopes stay pending).
   */
  static Future<Lanes> group(Fleet fleet, int size, boolean recipientsOnline, String prefix, int window,
      Payload payload) {
    return fleet.accounts(size, prefix).compose(accounts -> fleet.oneDeviceEach(accounts).compose(devices -> {
      List<String> others = accounts.subList(1, size).stream().map(Api.Account::userId).toList();
      List<String> recipientDevices = devices.subList(1, size).stream().map(Fleet.Device::deviceId).toList();
      return fleet.api().group(accounts.get(0), others)
          .compose(chat -> fleet.connect(recipientsOnline ? devices : devices.subList(0, 1), 256)
              .map(connections -> {
                int owed = recipientsOnline ? recipientDevices.size() : 0;
                connections.get(0).sendTo(chat, recipientDevices, owed, window, payload);
                return new Lanes(List.of(connections.get(0)), connections.subList(1, connections.size()));
              }));
    }));
  }
}
