package io.coveton.server.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveton.client.Coveton;
import io.coveton.client.Messenger;
import io.coveton.client.api.CovetonApi;
import io.coveton.client.api.Models;
import io.coveton.client.crypto.FileDeviceState;
import io.coveton.client.crypto.SignalDevice;
import io.coveton.client.relay.RelayClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One device of a user as an app built on the SDK runs it: signed in, registered, its Signal keys
 * in the key directory, and (once connected) what its relay connection opened, in order.
 */
public final class SdkDevice implements AutoCloseable {
  public final CovetonApi api;
  public final Messenger messenger;
  public final String userId;
  public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final List<String> plaintexts;
  private RelayClient relay;

  /** Signs {@code email} in at {@code restUrl} and registers a device named {@code name}, its state under {@code folder}. */
  public SdkDevice(String restUrl, String email, String name, Path folder, List<String> plaintexts) {
    this.plaintexts = plaintexts;
    api = Coveton.connect(restUrl);
    userId = api.login(email, Accounts.PASSWORD).user().id();
    try {
      SignalDevice signal = new SignalDevice(FileDeviceState.open(Files.createDirectories(folder.resolve(name))),
          new ObjectMapper());
      Models.Device device = api.registerDevice(name, "desktop",
          Base64.getEncoder().encodeToString(signal.identityKey().serialize()));
      signal.state().deviceId(device.id());
      api.uploadKeys(device.id(), signal.firstUpload(10));
      messenger = new Messenger(api, signal, device.id());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String deviceId() {
    return messenger.deviceId();
  }

  /** Connects to the relay (authenticating with its first frame), trying the nodes in this order. */
  public void connect(String... relayUrls) {
    connect(RelayClient.Authentication.FIRST_FRAME, relayUrls);
  }

  public void connect(RelayClient.Authentication authentication, String... relayUrls) {
    relay = new RelayClient(java.util.Arrays.stream(relayUrls).map(URI::create).toList(), api.transport(), deviceId(),
        authentication, new RelayClient.Listener() {
          @Override
          public void onMessage(JsonNode message) {
            received.add(messenger.open(message));
          }
        });
    relay.start();
  }

  /** The next message this device opened from the relay (within 30 s). */
  public String next() throws InterruptedException {
    String text = received.poll(30, TimeUnit.SECONDS);
    assertNotNull(text, deviceId() + " received nothing");
    return text;
  }

  /** Sends, remembering the plaintext for the scans that must not find it. */
  public Models.Message send(String chatId, String text) {
    plaintexts.add(text);
    return messenger.sendText(chatId, text);
  }

  @Override
  public void close() {
    if (relay != null) {
      relay.close();
    }
  }
}
