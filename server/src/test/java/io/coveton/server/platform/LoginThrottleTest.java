package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginThrottleTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_TRUSTED_PROXIES", "127.0.0.1")
      .with("COVETON_LOGIN_MAX_FAILURES_PER_ACCOUNT", "3")
      .with("COVETON_LOGIN_MAX_FAILURES_PER_IP", "6")
      .with("COVETON_REGISTER_MAX_CONFLICTS_PER_HOUR", "2");

  private final ApiClient api = server.api();

  @Test
  void repeatedFailuresThrottleThatAccountFromThatAddressOnly() {
    var user = server.accounts().register("victim");
    for (int i = 0; i < 3; i++) {
      login("203.0.113.5", user.email(), "wrong-password").expectError(401, "UNAUTHORIZED");
    }
    var throttled = login("203.0.113.5", user.email(), "a-strong-passphrase");
    throttled.expectError(429, "RATE_LIMITED");
    assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0);
    // the real user elsewhere is not locked out
    login("192.0.2.77", user.email(), "a-strong-passphrase").expect(200);
  }

  @Test
  void parallelGuessesAreEvaluatedAtMostTheBudgetAndASuccessDoesNotCount() throws Exception {
    var user = server.accounts().register("stormed");
    String attacker = "203.0.113.44";
    List<Integer> statuses = parallel(200, i -> login(attacker, user.email(), "wrong-" + i).status());
    assertEquals(3, statuses.stream().filter(status -> status == 401).count(), statuses.toString());
    assertEquals(197, statuses.stream().filter(status -> status == 429).count());

    String relative = "198.51.100.8";
    login(relative, user.email(), "a-strong-passphrase").expect(200);
    login(relative, user.email(), "a-strong-passphrase").expect(200);
    login(relative, user.email(), "a-strong-passphrase").expect(200);
    login(relative, user.email(), "a-strong-passphrase").expect(200);
    for (int i = 0; i < 3; i++) {
      login(relative, user.email(), "typo").expectError(401, "UNAUTHORIZED");
    }
    login(relative, user.email(), "a-strong-passphrase").expectError(429, "RATE_LIMITED");
  }

  @Test
  void parallelRegistrationsOfTakenEmailsAreEvaluatedAtMostTheBudget() throws Exception {
    var user = server.accounts().register("takenTwice");
    List<Integer> statuses = parallel(50, i -> register("203.0.113.45", user.email()).status());
    assertEquals(2, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
    assertEquals(48, statuses.stream().filter(status -> status == 429).count());
  }

  private static List<Integer> parallel(int requests, java.util.function.IntFunction<Integer> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        int n = i;
        answers.add(pool.submit(() -> {
          start.await();
          return call.apply(n);
        }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(60, TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneAddressGuessingManyAccountsIsThrottled() {
    String attacker = "203.0.113.99";
    for (int i = 0; i < 6; i++) {
      login(attacker, "someone" + i + "@example.com", "guess").expectError(401, "UNAUTHORIZED");
    }
    login(attacker, "another@example.com", "guess").expectError(429, "RATE_LIMITED");
  }

  @Test
  void registeringTakenEmailsIsThrottled() {
    var user = server.accounts().register("taken");
    String prober = "203.0.113.150";
    for (int i = 0; i < 2; i++) {
      register(prober, user.email()).expectError(409, "CONFLICT");
    }
    register(prober, user.email()).expectError(429, "RATE_LIMITED");
    register("203.0.113.151", io.coveton.server.testing.Accounts.uniqueEmail("fresh")).expect(201);
  }

  @Test
  void plainHttpFromARemoteClientIsRefused() {
    api.get("/v1/auth/me").header("X-Forwarded-For", "203.0.113.200").send().expectError(400, "BAD_REQUEST");
    api.get("/health/live").header("X-Forwarded-For", "203.0.113.200").send().expect(200);
    api.get("/v1/auth/me").header("X-Forwarded-For", "203.0.113.200").header("X-Forwarded-Proto", "https").send()
        .expectError(401, "UNAUTHORIZED");
  }

  private io.coveton.server.testing.ApiResult login(String ip, String email, String password) {
    return api.post("/v1/auth/login", new JsonObject().put("email", email).put("password", password).encode())
        .header("X-Forwarded-For", ip).header("X-Forwarded-Proto", "https").send();
  }

  private io.coveton.server.testing.ApiResult register(String ip, String email) {
    return api.post("/v1/auth/register", new JsonObject().put("email", email).put("password", "a-strong-passphrase")
            .put("displayName", "Probe").encode())
        .header("X-Forwarded-For", ip).header("X-Forwarded-Proto", "https").send();
  }
}
