package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlatformTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_MAX_BODY_BYTES", "4096")
      // slow hashing keeps a register in flight long enough to race it
      .with("COVETON_ARGON2_MEMORY_KIB", "65536")
      .with("COVETON_ARGON2_ITERATIONS", "6");

  private final ApiClient api = server.api();

  @Test
  void healthEndpointsAnswer() {
    api.get("/health/live").send().expect(200);
    JsonObject ready = api.get("/health/ready").send().expect(200).json();
    assertEquals("UP", ready.getString("status"));
    assertEquals("UP", ready.getJsonObject("checks").getString("postgres"));
  }

  @Test
  void withoutAMetricsTokenThePublicPortHasNoMetricsAndTheMetricsPortServesOnlyThem() {
    api.get("/metrics").send().expectError(404, "NOT_FOUND");
    // the metrics port is not the API: its answers are not the API description's
    ApiClient metrics = new ApiClient("http://127.0.0.1:" + server.metricsPort(), null);
    metrics.get("/metrics").send().expect(200);
    metrics.get("/v1/auth/me").send().expectError(404, "NOT_FOUND");
  }

  @Test
  void oversizedBodyIsRefusedWithTheEnvelope() {
    String huge = new JsonObject().put("email", "big@example.com").put("password", "x".repeat(10_000))
        .put("displayName", "Big").encode();
    JsonObject error = api.post("/v1/auth/register", huge).send().expectError(413, "BAD_REQUEST");
    assertTrue(error.getString("message").contains("larger"));
  }

  @Test
  void requestIdIsEchoedWhenSaneAndMintedOtherwise() {
    ApiResult echoed = api.get("/health/live").header("X-Request-Id", "client-req-12345").send();
    assertEquals("client-req-12345", echoed.header("X-Request-Id"));
    ApiResult minted = api.get("/v1/nothing").header("X-Request-Id", "bad id with spaces").send();
    assertTrue(minted.header("X-Request-Id").startsWith("req_"));
  }

  @Test
  void retryWhileTheFirstIsRunningIsConflictAndOnlyOneAccountExists() throws Exception {
    String email = Accounts.uniqueEmail("racing");
    String body = new JsonObject().put("email", email).put("password", Accounts.PASSWORD)
        .put("displayName", "Race").encode();
    List<ApiResult> results = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        results.add(api.post("/v1/auth/register", body).header("Idempotency-Key", "race-key").send());
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    List<Integer> statuses = results.stream().map(ApiResult::status).sorted().toList();
    assertEquals(List.of(201, 409), statuses, results.toString());
    results.stream().filter(r -> r.status() == 409).findFirst().orElseThrow().expectError(409, "CONFLICT");

    ApiResult replay = api.post("/v1/auth/register", body).header("Idempotency-Key", "race-key").send().expect(201);
    assertEquals("true", replay.header("Idempotent-Replayed"));
    api.post("/v1/auth/login", new JsonObject().put("email", email).put("password", Accounts.PASSWORD).encode())
        .send().expect(200);
  }
}
