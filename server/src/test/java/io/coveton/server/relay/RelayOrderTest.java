package io.coveton.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.RelayClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sender that does not wait for {@code sent} still has its messages stored, and received by every
 * recipient device, in the order it sent them: live, on replay, and where pushes race reads (a
 * recipient that connects mid-burst, one whose window fills because it acknowledges late).
 */
class RelayOrderTest {
  private static final int BURST = 400;

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_RELAY_FRAMES_PER_SECOND", "100000")
      .with("COVETON_RELAY_FRAME_BURST", "100000");

  private final Messaging messaging = new Messaging(server.api());
  private SignedIn ada;
  private String adaDevice;

  @BeforeEach
  void sender() {
    ada = server.accounts().register("ada");
    adaDevice = messaging.registerDevice(ada, "phone");
  }

  @Test
  void burstToADirectRecipientArrivesInSendOrder() {
    SignedIn bob = server.accounts().register("bob");
    String bobDevice = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    try (RelayClient sender = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice);
        RelayClient recipient = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      sender.awaitType("synced", Duration.ofSeconds(10));
      recipient.awaitType("synced", Duration.ofSeconds(10));
      List<String> stored = burst(sender, chat, List.of(bobDevice), BURST);
      assertSameOrder(stored, firstReceipts(recipient, BURST, 16), "recipient");
    }
  }

  @Test
  void recipientConnectingMidBurstGetsBacklogThenLiveInOrder() {
    SignedIn bob = server.accounts().register("bob");
    String bobDevice = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    try (RelayClient sender = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      sender.awaitType("synced", Duration.ofSeconds(10));
      List<JsonObject> frames = sendFrames(chat, List.of(bobDevice), BURST);
      frames.subList(0, BURST / 2).forEach(sender::send);
      RelayClient recipient = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice);
      try (recipient) {
        frames.subList(BURST / 2, BURST).forEach(sender::send);
        List<String> stored = storedIds(sender, BURST);
        assertSameOrder(stored, firstReceipts(recipient, BURST, 32), "recipient");
      }
    }
  }

  @Test
  void burstToAGroupArrivesInSendOrderOnEveryDeviceEvenWhenWindowsFill() {
    List<SignedIn> members = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SignedIn member = server.accounts().register("member" + i);
      members.add(member);
      devices.add(messaging.registerDevice(member, "phone"));
    }
    String chat = messaging.group(ada, "burst", members.stream().map(SignedIn::userId).toList());
    List<RelayClient> recipients = new ArrayList<>();
    try (RelayClient sender = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      for (int i = 0; i < members.size(); i++) {
        RelayClient recipient = RelayClient.connect(server.relayUrl(), members.get(i).accessToken(), devices.get(i));
        recipient.awaitType("synced", Duration.ofSeconds(10));
        recipients.add(recipient);
      }
      sender.awaitType("synced", Duration.ofSeconds(10));
      List<String> stored = burst(sender, chat, devices, BURST);
      for (int i = 0; i < recipients.size(); i++) {
        // the last device acknowledges only when its window of 256 is full: the rest comes by reads
        int ackEvery = i == recipients.size() - 1 ? 256 : 8;
        assertSameOrder(stored, firstReceipts(recipients.get(i), BURST, ackEvery), "device " + i);
      }
    } finally {
      recipients.forEach(RelayClient::close);
    }
  }

  @Test
  void acknowledgedEnvelopesAreNotReplayedAndTheRestReplayInOrder() {
    SignedIn bob = server.accounts().register("bob");
    String bobDevice = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    List<String> stored;
    try (RelayClient sender = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaDevice)) {
      stored = burst(sender, chat, List.of(bobDevice), 60);
    }
    try (RelayClient first = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      List<String> replayed = ids(first.envelopesUntilSynced());
      assertEquals(stored, replayed);
      // in order for the first 20, then out of order: 30 and 40 acknowledged ahead of 20..29 and 31..39
      first.ack(stored.subList(0, 20).toArray(new String[0]));
      first.ack(stored.get(30), stored.get(40));
      first.send(new JsonObject().put("type", "ping"));
      first.awaitType("pong", Duration.ofSeconds(10));
    }
    List<String> expected = new ArrayList<>(stored.subList(20, 60));
    expected.remove(stored.get(30));
    expected.remove(stored.get(40));
    try (RelayClient second = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      assertEquals(expected, ids(second.envelopesUntilSynced()));
      second.ack(expected.toArray(new String[0]));
      second.send(new JsonObject().put("type", "ping"));
      second.awaitType("pong", Duration.ofSeconds(10));
    }
    try (RelayClient third = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobDevice)) {
      assertEquals(List.of(), ids(third.envelopesUntilSynced()));
    }
  }

  /** Sends {@code count} messages without waiting, then answers the stored ids in send order. */
  private List<String> burst(RelayClient sender, String chat, List<String> devices, int count) {
    sendFrames(chat, devices, count).forEach(sender::send);
    return storedIds(sender, count);
  }

  private static List<JsonObject> sendFrames(String chat, List<String> devices, int count) {
    List<JsonObject> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(new JsonObject().put("type", "send").put("requestId", "r" + i)
          .put("message", Messaging.message(chat, "bXNn" + i, devices)));
    }
    return frames;
  }

  /** The {@code sent} answers, by request number; message ids must rise in the order of sending. */
  private static List<String> storedIds(RelayClient sender, int count) {
    Map<Integer, String> byRequest = new HashMap<>();
    while (byRequest.size() < count) {
      JsonObject frame = sender.awaitType("sent", Duration.ofSeconds(30));
      byRequest.put(Integer.parseInt(frame.getString("requestId").substring(1)),
          frame.getJsonObject("message").getString("id"));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = byRequest.get(i);
      assertTrue(ids.isEmpty() || ids.get(ids.size() - 1).compareTo(id) < 0, "ids out of send order at " + i);
      ids.add(id);
    }
    return ids;
  }

  /** Message ids in the order they first arrived, acknowledging every {@code ackEvery} envelopes. */
  private static List<String> firstReceipts(RelayClient recipient, int count, int ackEvery) {
    Set<String> received = new LinkedHashSet<>();
    List<String> toAck = new ArrayList<>();
    while (received.size() < count) {
      JsonObject frame = recipient.next(Duration.ofSeconds(30));
      if (frame == null) {
        fail("only " + received.size() + " of " + count + " envelopes arrived");
      }
      if (!"envelope".equals(frame.getString("type"))) {
        continue;
      }
      String id = frame.getJsonObject("message").getString("id");
      received.add(id);
      toAck.add(id);
      if (toAck.size() >= ackEvery) {
        recipient.ack(toAck.toArray(new String[0]));
        toAck.clear();
      }
    }
    return new ArrayList<>(received);
  }

  /** Names the first place where the two orders differ, rather than printing hundreds of ids. */
  private static void assertSameOrder(List<String> expected, List<String> actual, String who) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail(who + " received message " + expected.indexOf(actual.get(i)) + " of the burst at place " + i);
      }
    }
    assertEquals(expected.size(), actual.size(), who);
  }

  private static List<String> ids(List<JsonObject> envelopes) {
    return envelopes.stream().map(e -> e.getJsonObject("message").getString("id")).toList();
  }
}
