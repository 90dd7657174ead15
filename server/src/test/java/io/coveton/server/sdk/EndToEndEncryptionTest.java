package io.coveton.server.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.client.relay.RelayClient;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.PlaintextScan;
import io.coveton.server.testing.SdkDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alice with two devices and Bob with one talk through the SDK: the Signal protocol on each
 * device, the key directory, the relay and REST history; Bob adds and removes a device and
 * Alice's next sends re-key from the server's 409; then no table holds any plaintext.
 */
class EndToEndEncryptionTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  @TempDir
  Path state;

  private final List<String> plaintexts = new ArrayList<>();
  private final List<SdkDevice> devices = new ArrayList<>();

  private SdkDevice device(String email, String name) {
    SdkDevice device = new SdkDevice(server.api().baseUrl(), email, name, state, plaintexts);
    devices.add(device);
    return device;
  }

  @AfterEach
  void closeDevices() {
    devices.forEach(SdkDevice::close);
  }

  @Test
  void everyDeviceDecryptsEveryMessageAcrossDeviceChangesAndTheServerHoldsNoPlaintext() throws Exception {
    Accounts.SignedIn aliceAccount = server.accounts().register("alice");
    Accounts.SignedIn bobAccount = server.accounts().register("bob");
    SdkDevice alice1 = device(aliceAccount.email(), "alice-laptop");
    SdkDevice alice2 = device(aliceAccount.email(), "alice-phone");
    SdkDevice bob1 = device(bobAccount.email(), "bob-laptop");
    alice1.connect(server.relayUrl());
    bob1.connect(RelayClient.Authentication.HEADERS, server.relayUrl());
    String chat = alice1.api.createDirectChat(bob1.userId).id();

    alice1.send(chat, "Meet at the old mill at nine");
    assertEquals("Meet at the old mill at nine", bob1.next());
    bob1.send(chat, "I will bring the blueprints");
    assertEquals("I will bring the blueprints", alice1.next());

    // Alice's phone was offline: REST history opens both; its relay backlog then brings them again,
    // in order, and each opens once (a Signal message opens only once: the SDK keeps what it opened)
    List<String> history = alice2.messenger.history(chat, 50);
    assertEquals(List.of("I will bring the blueprints", "Meet at the old mill at nine"), history);
    alice2.connect(server.relayUrl());
    assertEquals("Meet at the old mill at nine", alice2.next(), "the backlog, in order, nothing lost");
    assertEquals("I will bring the blueprints", alice2.next());
    alice2.send(chat, "The phone can read it too");
    assertEquals("The phone can read it too", bob1.next());
    assertEquals("The phone can read it too", alice1.next(), "the sender's other device");

    // Bob adds a device: Alice's next send hears 409 (missing device), fetches its bundle, sends again
    SdkDevice bob2 = device(bobAccount.email(), "bob-tablet");
    bob2.connect(server.relayUrl());
    alice1.send(chat, "Welcome, tablet");
    assertEquals("Welcome, tablet", bob2.next());
    assertEquals("Welcome, tablet", bob1.next());
    assertEquals("Welcome, tablet", alice2.next());

    // Bob removes it: the next send hears 409 (extra device), drops it and sends again
    bob1.api.revokeDevice(bob2.deviceId());
    alice1.send(chat, "Only the laptop now");
    assertEquals("Only the laptop now", bob1.next());
    assertEquals("Only the laptop now", alice2.next());
    assertTrue(bob2.received.isEmpty());

    // the safety number is the same on both sides
    String aliceView = alice1.messenger.device().safetyNumber(alice1.userId, bob1.userId,
        alice1.messenger.device().identityOf(bob1.deviceId()));
    String bobView = bob1.messenger.device().safetyNumber(bob1.userId, alice1.userId,
        bob1.messenger.device().identityOf(alice1.deviceId()));
    assertEquals(aliceView, bobView);
    assertEquals(60, aliceView.length());

    PlaintextScan.assertNowhere(server.database(), plaintexts, List.of());
  }
}
