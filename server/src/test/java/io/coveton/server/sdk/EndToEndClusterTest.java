package io.coveton.server.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.NodeProcess;
import io.coveton.server.testing.PlaintextScan;
import io.coveton.server.testing.SdkDevice;
import io.coveton.server.testing.TestDatabases;
import io.coveton.shared.persistence.DatabaseLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encrypted conversation through the SDK on a two-node cluster (separate JVMs): the node that
 * holds Bob's relay connection is killed mid-conversation; his client moves to the other node and
 * the conversation goes on with nothing lost. Then neither the database nor either node's log
 * holds any plaintext.
 */
class EndToEndClusterTest {
  @TempDir
  Path state;

  private DatabaseLocation database;
  private NodeProcess first;
  private NodeProcess second;
  private final List<SdkDevice> devices = new ArrayList<>();
  private final List<String> plaintexts = new ArrayList<>();

  @AfterEach
  void stop() {
    devices.forEach(SdkDevice::close);
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void theConversationSurvivesTheLossOfANodeWithNothingLostAndNoPlaintextAnywhere() throws Exception {
    database = TestDatabases.create();
    String cluster = "coveton-sdk-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> ports = List.of(NodeProcess.freePort(), NodeProcess.freePort());
    first = NodeProcess.start("node-a", database, NodeProcess.clusterSettings(cluster, ports, ports.get(0)));
    second = NodeProcess.start("node-b", database, NodeProcess.clusterSettings(cluster, ports, ports.get(1)));
    first.awaitReady(2);
    second.awaitReady(2);
    String viaSecond = second.api().baseUrl();
    Accounts accounts = new Accounts(second.api());
    Accounts.SignedIn aliceAccount = accounts.register("alice");
    Accounts.SignedIn bobAccount = accounts.register("bob");
    SdkDevice alice = track(new SdkDevice(viaSecond, aliceAccount.email(), "alice-laptop", state, plaintexts));
    SdkDevice bob = track(new SdkDevice(viaSecond, bobAccount.email(), "bob-laptop", state, plaintexts));
    alice.connect(second.relayUrl(), first.relayUrl());
    bob.connect(first.relayUrl(), second.relayUrl()); // Bob's connection is on the node about to die
    String chat = alice.api.createDirectChat(bob.userId).id();

    alice.send(chat, "Before the storm");
    assertEquals("Before the storm", bob.next());
    bob.send(chat, "Still here");
    assertEquals("Still here", alice.next());

    first.kill();
    List<String> sentMeanwhile = List.of("During the outage, one", "During the outage, two", "During the outage, three");
    for (String text : sentMeanwhile) {
      alice.send(chat, text);
    }
    for (String text : sentMeanwhile) {
      assertEquals(text, bob.next(), "in order, after his client moved to the other node");
    }
    bob.send(chat, "After the storm");
    assertEquals("After the storm", alice.next());
    assertEquals(List.of(), List.copyOf(bob.received), "nothing twice");

    PlaintextScan.assertNowhere(database, plaintexts, List.of(first.logText(), second.logText()));
  }

  private SdkDevice track(SdkDevice device) {
    devices.add(device);
    return device;
  }
}
