package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.RateWindows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_RATE_LIMIT_PER_MINUTE", "5")
      .with("COVETON_TRUSTED_PROXIES", "127.0.0.1");

  private final ApiClient api = server.api();

  @BeforeEach
  void awaitFreshWindow() {
    RateWindows.awaitEarlyInMinute();
  }

  @Test
  void everyResponseCarriesTheBudgetAndTheSixthRequestIsLimited() {
    String ip = "198.51.100.11";
    for (int i = 1; i <= 5; i++) {
      ApiResult result = fromIp(ip, api.get("/v1/nothing")).send();
      assertEquals(404, result.status());
      assertEquals("5", result.header("X-RateLimit-Limit"));
      assertEquals(Integer.toString(5 - i), result.header("X-RateLimit-Remaining"));
      long reset = Long.parseLong(result.header("X-RateLimit-Reset"));
      long now = System.currentTimeMillis() / 1000;
      assertTrue(reset > now && reset <= now + 60, "reset " + reset + " now " + now);
    }
    ApiResult limited = fromIp(ip, api.get("/v1/nothing")).send();
    limited.expectError(429, "RATE_LIMITED");
    assertEquals("0", limited.header("X-RateLimit-Remaining"));
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60);

    fromIp("198.51.100.12", api.get("/v1/nothing")).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void oneAccessTokenHasOneBudgetAcrossAddresses() {
    ApiResult registered = fromIp("198.51.100.21", api.post("/v1/auth/register", new io.vertx.core.json.JsonObject()
        .put("email", io.coveton.server.testing.Accounts.uniqueEmail("budget"))
        .put("password", "a-strong-passphrase").put("displayName", "B").encode())).send().expect(201);
    String token = registered.json().getString("accessToken");
    for (int i = 0; i < 5; i++) {
      fromIp("198.51.100." + (30 + i), api.get("/v1/auth/me").bearer(token)).send().expect(200);
    }
    fromIp("198.51.100.40", api.get("/v1/auth/me").bearer(token)).send().expectError(429, "RATE_LIMITED");
  }

  private static ApiClient.Call fromIp(String ip, ApiClient.Call call) {
    return call.header("X-Forwarded-For", ip).header("X-Forwarded-Proto", "https");
  }
}
