package io.coveton.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
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
      .with("COVETON_RELAY_ALLOWED_ORIGINS", "https://app.coveton.example");

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
