package io.coveton.client.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coveton.client.CovetonException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's retry rules against a local HTTP server that answers a script: the same
 * Idempotency-Key on every retry of one creating call, Retry-After waited out, one refresh on a
 * 401, the error envelope as a typed exception.
 */
class RestTransportTest {
  private record Seen(String method, String path, String authorization, String idempotencyKey) {}

  private record Answer(int status, String body, String retryAfter) {}

  private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
  private final List<Seen> seen = new ArrayList<>();
  private HttpServer server;
  private RestTransport transport;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    transport = new RestTransport("http://127.0.0.1:" + server.getAddress().getPort(), new ObjectMapper(),
        new Tokens(new Tokens.Pair("at-1", "rt-1"), null));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    synchronized (seen) {
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Idempotency-Key")));
    }
    exchange.getRequestBody().readAllBytes();
    Answer next = script.poll();
    if (next == null) {
      next = new Answer(500, "{}", null);
    }
    if (next.retryAfter() != null) {
      exchange.getResponseHeaders().add("Retry-After", next.retryAfter());
    }
    byte[] body = next.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(next.status(), body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Test
  void aCreatingCallKeepsItsKeyAcrossA429AndA503AndWaitsOutRetryAfter() {
    script.add(new Answer(429, "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}", "1"));
    script.add(new Answer(503, "{}", null));
    script.add(new Answer(201, "{\"id\":\"chat_1\"}", null));
    long started = System.nanoTime();
    var answer = transport.send(RestTransport.Call.post("/v1/chats", new ObjectMapper().createObjectNode()).creating());
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("chat_1", answer.path("id").asText());
    assertEquals(3, seen.size());
    assertTrue(seen.get(0).idempotencyKey() != null);
    assertTrue(seen.stream().allMatch(s -> s.idempotencyKey().equals(seen.get(0).idempotencyKey())), "one key: " + seen);
    assertTrue(waitedMillis >= 1000, "Retry-After waited out: " + waitedMillis + " ms");
  }

  @Test
  void aPlainPostIsNotRetriedAfterAServerErrorAndErrorsArriveTyped() {
    script.add(new Answer(500, "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"boom\"}}", null));
    CovetonException error = assertThrows(CovetonException.class,
        () -> transport.send(RestTransport.Call.post("/v1/notifications/read", new ObjectMapper().createObjectNode())));
    assertEquals(500, error.status());
    assertEquals(1, seen.size(), "a POST without a key could do its thing twice: not retried");

    script.add(new Answer(422, "{\"error\":{\"code\":\"VALIDATION\",\"message\":\"bad\",\"details\":[{\"path\":\"name\","
        + "\"message\":\"is required\"}]}}", null));
    CovetonException.ValidationFailed invalid = assertThrows(CovetonException.ValidationFailed.class,
        () -> transport.send(RestTransport.Call.post("/v1/organizations", new ObjectMapper().createObjectNode())));
    assertEquals("name", invalid.details().get(0).path());
  }

  @Test
  void anExpiredAccessTokenIsRefreshedOnceAndTheCallSentAgainWithTheNewOne() {
    script.add(new Answer(401, "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"expired\"}}", null));
    script.add(new Answer(200, "{\"accessToken\":\"at-2\",\"refreshToken\":\"rt-2\"}", null));
    script.add(new Answer(200, "{\"id\":\"usr_1\"}", null));
    assertEquals("usr_1", transport.send(RestTransport.Call.get("/v1/auth/me")).path("id").asText());
    assertEquals(List.of("/v1/auth/me", "/v1/auth/refresh", "/v1/auth/me"), seen.stream().map(Seen::path).toList());
    assertEquals("Bearer at-1", seen.get(0).authorization());
    assertEquals(null, seen.get(1).authorization(), "the refresh carries the refresh token in its body, no bearer");
    assertEquals("Bearer at-2", seen.get(2).authorization());
    assertEquals(new Tokens.Pair("at-2", "rt-2"), transport.tokens().pair());
  }
}
