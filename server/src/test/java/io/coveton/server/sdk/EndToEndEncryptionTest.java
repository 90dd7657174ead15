package io.coveton.server.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.client.Coveton;
import io.coveton.client.Messenger;
import io.coveton.client.api.CovetonApi;
import io.coveton.client.api.Models;
import io.coveton.client.crypto.FileDeviceState;
import io.coveton.client.crypto.SignalDevice;
import io.coveton.client.relay.RelayClient;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.CovetonServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

  private final List<RelayClient> relays = new ArrayList<>();
  private final List<String> plaintexts = new ArrayList<>();

  /** One device of a user: its API client, its Signal state, and what its relay connection opened. */
  private final class Device {
    final CovetonApi api;
    final Messenger messenger;
    final String userId;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    Device(String email, String name) throws Exception {
      api = Coveton.connect(server.api().baseUrl());
      userId = api.login(email, Accounts.PASSWORD).user().id();
      SignalDevice signal = new SignalDevice(FileDeviceState.open(Files.createDirectories(state.resolve(name))),
          new ObjectMapper());
      Models.Device device = api.registerDevice(name, "desktop",
          java.util.Base64.getEncoder().encodeToString(signal.identityKey().serialize()));
      signal.state().deviceId(device.id());
      api.uploadKeys(device.id(), signal.firstUpload(10));
      messenger = new Messenger(api, signal, device.id());
    }

    void connect() {
      RelayClient relay = new RelayClient(List.of(URI.create(server.relayUrl())), api.transport(), messenger.deviceId(),
          new RelayClient.Listener() {
            @Override
            public void onMessage(JsonNode message) {
              received.add(messenger.open(message));
            }
          });
      relays.add(relay);
      relay.start();
    }

    String next() throws InterruptedException {
      String text = received.poll(20, TimeUnit.SECONDS);
      assertNotNull(text, messenger.deviceId() + " received nothing");
      return text;
    }

    Models.Message send(String chatId, String text) {
      plaintexts.add(text);
      return messenger.sendText(chatId, text);
    }
  }

  @AfterEach
  void closeRelays() {
    relays.forEach(RelayClient::close);
  }

  @Test
  void everyDeviceDecryptsEveryMessageAcrossDeviceChangesAndTheServerHoldsNoPlaintext() throws Exception {
    Accounts.SignedIn aliceAccount = server.accounts().register("alice");
    Accounts.SignedIn bobAccount = server.accounts().register("bob");
    Device alice1 = new Device(aliceAccount.email(), "alice-laptop");
    Device alice2 = new Device(aliceAccount.email(), "alice-phone");
    Device bob1 = new Device(bobAccount.email(), "bob-laptop");
    alice1.connect();
    bob1.connect();
    String chat = alice1.api.createDirectChat(bob1.userId).id();

    alice1.send(chat, "Meet at the old mill at nine");
    assertEquals("Meet at the old mill at nine", bob1.next());
    bob1.send(chat, "I will bring the blueprints");
    assertEquals("I will bring the blueprints", alice1.next());

    // Alice's phone was offline: REST history opens both, then its relay backlog brings nothing new
    List<String> history = alice2.messenger.history(chat, 50);
    assertEquals(List.of("I will bring the blueprints", "Meet at the old mill at nine"), history);
    alice2.connect();
    assertEquals("Meet at the old mill at nine", alice2.next(), "the backlog, in order, nothing lost");
    assertEquals("I will bring the blueprints", alice2.next());
    alice2.send(chat, "The phone can read it too");
    assertEquals("The phone can read it too", bob1.next());
    assertEquals("The phone can read it too", alice1.next(), "the sender's other device");

    // Bob adds a device: Alice's next send hears 409 (missing device), fetches its bundle, sends again
    Device bob2 = new Device(bobAccount.email(), "bob-tablet");
    bob2.connect();
    alice1.send(chat, "Welcome, tablet");
    assertEquals("Welcome, tablet", bob2.next());
    assertEquals("Welcome, tablet", bob1.next());
    assertEquals("Welcome, tablet", alice2.next());

    // Bob removes it: the next send hears 409 (extra device), drops it and sends again
    bob1.api.revokeDevice(bob2.messenger.deviceId());
    alice1.send(chat, "Only the laptop now");
    assertEquals("Only the laptop now", bob1.next());
    assertEquals("Only the laptop now", alice2.next());
    assertTrue(bob2.received.isEmpty());

    // the safety number is the same on both sides
    String aliceView = alice1.messenger.device().safetyNumber(alice1.userId, bob1.userId,
        alice1.messenger.device().identityOf(bob1.messenger.deviceId()));
    String bobView = bob1.messenger.device().safetyNumber(bob1.userId, alice1.userId,
        bob1.messenger.device().identityOf(alice1.messenger.deviceId()));
    assertEquals(aliceView, bobView);
    assertEquals(60, aliceView.length());

    assertNoPlaintextInTheDatabase();
  }

  private void assertNoPlaintextInTheDatabase() throws Exception {
    List<String> found = new ArrayList<>();
    int cells = 0;
    try (Connection db = DriverManager.getConnection(server.database().jdbcUrl(), server.database().user(),
        server.database().password()); Statement statement = db.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertTrue(tables.contains("messages") && tables.contains("device_keys"), "the whole schema: " + tables);
      for (String table : tables) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int column = 1; column <= columns; column++) {
              boolean binary = rows.getMetaData().getColumnTypeName(column).equals("bytea");
              byte[] raw = binary ? rows.getBytes(column) : null;
              String asText = binary ? (raw == null ? null : new String(raw, StandardCharsets.UTF_8)) : rows.getString(column);
              if (asText == null) {
                continue;
              }
              cells++;
              for (String plaintext : plaintexts) {
                if (asText.contains(plaintext)) {
                  found.add(table + "." + rows.getMetaData().getColumnName(column) + " holds '" + plaintext + "'");
                }
              }
            }
          }
        }
      }
    }
    assertTrue(cells > 100, "the scan read the data: " + cells + " cells");
    assertEquals(List.of(), found);
    assertFalse(plaintexts.isEmpty());
  }

}
