package io.coveton.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.RawWebSocket;
import io.coveton.server.testing.RelayClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RelayLimitsTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_RELAY_MAX_FRAME_BYTES", "65536")
      .with("COVETON_RELAY_FRAMES_PER_SECOND", "5")
      .with("COVETON_RELAY_FRAME_BURST", "10")
      .with("COVETON_RELAY_AUTH_TIMEOUT_SECONDS", "1")
      .with("COVETON_RELAY_ALLOWED_ORIGINS", "https://app.coveton.example")
      .with("COVETON_RELAY_HEARTBEAT_SECONDS", "1");

  private final Messaging messaging = new Messaging(server.api());

  @Test
  void aFrameOverTheLimitCloses1009() {
    SignedIn user = server.accounts().register("big");
    String device = messaging.registerDevice(user, "phone");
    try (RelayClient live = RelayClient.connect(server.relayUrl(), user.accessToken(), device)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      live.send(new JsonObject().put("type", "ping").put("pad", "x".repeat(70_000)));
      assertEquals(1009, live.awaitClose());
    }
  }

  @Test
  void fragmentsAddingUpOverTheLimitClose1009() {
    SignedIn user = server.accounts().register("fragments");
    String device = messaging.registerDevice(user, "phone");
    try (RelayClient live = RelayClient.connect(server.relayUrl(), user.accessToken(), device)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      live.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(40_000), false);
      live.sendText("x".repeat(40_000) + "\"}", true);
      assertEquals(1009, live.awaitClose());
    }
  }

  @Test
  void tooManyFramesClose4429() {
    SignedIn user = server.accounts().register("chatty");
    String device = messaging.registerDevice(user, "phone");
    try (RelayClient live = RelayClient.connect(server.relayUrl(), user.accessToken(), device)) {
      for (int i = 0; i < 40 && !live.isClosed(); i++) {
        live.send(new JsonObject().put("type", "ping"));
      }
      assertEquals(4429, live.awaitClose());
    }
  }

  @Test
  void aThousandFramesInOneWriteAlwaysReadTheirCloseCode() throws Exception {
    SignedIn user = server.accounts().register("burst");
    String device = messaging.registerDevice(user, "phone");
    for (int attempt = 0; attempt < 5; attempt++) {
      try (RawWebSocket socket = RawWebSocket.connect(server.relayPort(), user.accessToken(), device)) {
        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
        byte[] ping = socket.text("{\"type\":\"ping\"}");
        for (int i = 0; i < 1_000; i++) {
          burst.writeBytes(ping);
        }
        socket.write(burst.toByteArray());
        assertEquals(4429, socket.awaitCloseCode(), "attempt " + attempt);
      }
    }
  }

  @Test
  void fragmentsPastTheLimitWhileTheClientKeepsSendingReadTheirCloseCode() throws Exception {
    SignedIn user = server.accounts().register("fragmenter");
    String device = messaging.registerDevice(user, "phone");
    for (int attempt = 0; attempt < 5; attempt++) {
      try (RawWebSocket socket = RawWebSocket.connect(server.relayPort(), user.accessToken(), device)) {
        java.io.ByteArrayOutputStream fragments = new java.io.ByteArrayOutputStream();
        fragments.writeBytes(socket.frame(1, false, "{\"type\":\"ping\",\"pad\":\"".getBytes()));
        for (int i = 0; i < 40; i++) {
          fragments.writeBytes(socket.frame(0, false, "x".repeat(8_000).getBytes()));
        }
        socket.write(fragments.toByteArray());
        assertEquals(1009, socket.awaitCloseCode(), "attempt " + attempt);
      }
    }
  }

  @Test
  void aTextFrameThatIsNotUtf8Closes1007() throws Exception {
    SignedIn user = server.accounts().register("latin1");
    String device = messaging.registerDevice(user, "phone");
    try (RawWebSocket socket = RawWebSocket.connect(server.relayPort(), user.accessToken(), device)) {
      byte[] latin1 = "{\"type\":\"ping\",\"pad\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      socket.write(socket.frame(1, true, latin1));
      assertEquals(1007, socket.awaitCloseCode());
    }
  }

  @Test
  void aConnectionSilentForThreeHeartbeatsIsClosed() throws Exception {
    SignedIn user = server.accounts().register("silent");
    String device = messaging.registerDevice(user, "phone");
    URI relay = URI.create(server.relayUrl());
    // a raw socket that completes the handshake and then never answers the server's pings
    try (java.net.Socket socket = new java.net.Socket(relay.getHost(), relay.getPort())) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(("GET /v1/relay HTTP/1.1\r\nHost: " + relay.getHost() + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + user.accessToken() + "\r\n"
          + "X-Device-Id: " + device + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      java.io.InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // pings, ready and synced arrive and are ignored, as a dead client would
      }
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      org.junit.jupiter.api.Assertions.assertTrue(seconds >= 2 && seconds < 15, "closed after " + seconds + " s");
    }
  }

  @Test
  void noAuthenticationInTimeCloses4408() {
    try (RelayClient silent = RelayClient.open(server.relayUrl(), null, null)) {
      assertEquals(4408, silent.awaitClose());
    }
  }

  @Test
  void browsersFromOtherOriginsAreRefused() {
    HttpClient http = HttpClient.newHttpClient();
    CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () ->
        http.newWebSocketBuilder().header("Origin", "https://evil.example")
            .buildAsync(URI.create(server.relayUrl()), new java.net.http.WebSocket.Listener() { }).join());
    assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    http.newWebSocketBuilder().header("Origin", "https://app.coveton.example")
        .buildAsync(URI.create(server.relayUrl()), new java.net.http.WebSocket.Listener() { }).join().abort();
  }

  @Test
  void onlyTheRelayPathIsServed() throws Exception {
    String url = server.relayUrl().replace("ws://", "http://").replace("/v1/relay", "/v1/other");
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, response.statusCode());
    assertEquals("NOT_FOUND", new JsonObject(response.body()).getJsonObject("error").getString("code"));
  }
}
