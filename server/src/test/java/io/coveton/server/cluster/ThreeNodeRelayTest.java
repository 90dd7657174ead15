package io.coveton.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.NodeProcess;
import io.coveton.server.testing.RelayClient;
import io.coveton.server.testing.TestDatabases;
import io.coveton.shared.persistence.DatabaseLocation;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in separate JVMs: a sender on node 1 reaches devices on nodes 2 and 3 live; node 2 is
 * killed (SIGKILL) in the middle of a stream of sends and its device reconnects to node 3; node 3 is
 * then stopped gracefully (1001) and its devices move to node 1. Every message acknowledged to the
 * sender arrives at every recipient at least once.
 */
class ThreeNodeRelayTest {
  private static DatabaseLocation database;
  private static final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    database = TestDatabases.create();
    String cluster = "coveton-relay-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> ports = List.of(NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort());
    for (int i = 0; i < 3; i++) {
      nodes.add(NodeProcess.start("relay-node-" + (i + 1), database,
          NodeProcess.clusterSettings(cluster, ports, ports.get(i))));
    }
    nodes.forEach(node -> node.awaitReady(3));
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(NodeProcess::close);
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void nothingAcknowledgedIsLostWhenNodesDieOrDrain() throws Exception {
    NodeProcess one = nodes.get(0);
    NodeProcess two = nodes.get(1);
    NodeProcess three = nodes.get(2);
    ApiClient api = one.api();
    var accounts = new io.coveton.server.testing.Accounts(api);
    var sender = accounts.register("sender");
    var second = accounts.register("second");
    var third = accounts.register("third");
    Messaging messaging = new Messaging(api);
    String senderDevice = messaging.registerDevice(sender, "phone");
    String secondDevice = messaging.registerDevice(second, "phone");
    String thirdDevice = messaging.registerDevice(third, "phone");
    String chat = messaging.group(sender, "Cluster", List.of(second.userId(), third.userId()));
    List<String> recipients = List.of(secondDevice, thirdDevice);

    RelayClient senderLive = RelayClient.connect(one.relayUrl(), sender.accessToken(), senderDevice);
    RelayClient secondLive = RelayClient.connect(two.relayUrl(), second.accessToken(), secondDevice);
    RelayClient thirdLive = RelayClient.connect(three.relayUrl(), third.accessToken(), thirdDevice);
    for (RelayClient client : List.of(senderLive, secondLive, thirdLive)) {
      client.awaitType("synced", Duration.ofSeconds(10));
    }
    Set<String> secondSeen = ConcurrentHashMap.newKeySet();
    Set<String> thirdSeen = ConcurrentHashMap.newKeySet();

    // live, across nodes
    String first = send(senderLive, chat, recipients, "live");
    collect(secondLive, Set.of(first), secondSeen, Duration.ofSeconds(10));
    collect(thirdLive, Set.of(first), thirdSeen, Duration.ofSeconds(10));

    // node 2 dies in the middle of a stream of sends
    List<String> acknowledged = new CopyOnWriteArrayList<>(List.of(first));
    Thread stream = new Thread(() -> {
      for (int i = 0; i < 60; i++) {
        acknowledged.add(send(senderLive, chat, recipients, "stream-" + i));
      }
    });
    stream.start();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 20);
    two.kill();
    RelayClient secondMoved = RelayClient.connect(three.relayUrl(), second.accessToken(), secondDevice);
    stream.join(60_000);
    assertEquals(61, acknowledged.size(), "the sender kept being answered");
    collect(secondMoved, Set.copyOf(acknowledged), secondSeen, Duration.ofSeconds(30));
    collect(thirdLive, Set.copyOf(acknowledged), thirdSeen, Duration.ofSeconds(30));
    assertTrue(secondSeen.containsAll(acknowledged) && thirdSeen.containsAll(acknowledged));

    // node 3 drains: its devices are told to go elsewhere, and lose nothing
    three.terminate();
    assertEquals(1001, secondMoved.awaitClose());
    assertEquals(1001, thirdLive.awaitClose());
    List<String> after = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      after.add(send(senderLive, chat, recipients, "after-" + i));
    }
    RelayClient secondBack = RelayClient.connect(one.relayUrl(), second.accessToken(), secondDevice);
    RelayClient thirdBack = RelayClient.connect(one.relayUrl(), third.accessToken(), thirdDevice);
    collect(secondBack, Set.copyOf(after), secondSeen, Duration.ofSeconds(20));
    collect(thirdBack, Set.copyOf(after), thirdSeen, Duration.ofSeconds(20));
    List.of(senderLive, secondLive, secondBack, thirdBack).forEach(RelayClient::close);
  }

  /** Sends over the relay and waits for {@code sent}: the message is durable. */
  private static String send(RelayClient sender, String chat, List<String> recipients, String text) {
    String requestId = "req-" + UUID.randomUUID();
    sender.send(new JsonObject().put("type", "send").put("requestId", requestId)
        .put("message", Messaging.message(chat, java.util.Base64.getEncoder().encodeToString(text.getBytes()),
            recipients)));
    while (true) {
      JsonObject frame = sender.awaitType("sent", Duration.ofSeconds(20));
      if (requestId.equals(frame.getString("requestId"))) {
        return frame.getJsonObject("message").getString("id");
      }
    }
  }

  /** Reads envelopes, acknowledging each, until every expected id has been seen. */
  private static void collect(RelayClient client, Set<String> expected, Set<String> seen, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!seen.containsAll(expected)) {
      if (System.nanoTime() > end) {
        Set<String> missing = new java.util.HashSet<>(expected);
        missing.removeAll(seen);
        throw new AssertionError(missing.size() + " acknowledged messages never arrived: " + missing);
      }
      JsonObject frame = client.next(Duration.ofMillis(500));
      if (frame != null && "envelope".equals(frame.getString("type"))) {
        String id = frame.getJsonObject("message").getString("id");
        seen.add(id);
        client.ack(id);
      }
    }
  }
}
