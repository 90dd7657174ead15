package io.coveton.server.testing;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates accounts through the public API for tests that need a signed-in user. */
public final class Accounts {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  public static final String PASSWORD = "a-strong-passphrase";
  private final ApiClient api;

  public Accounts(ApiClient api) {
    this.api = api;
  }

  public static String uniqueEmail(String prefix) {
    return prefix + "-" + System.nanoTime() + "-" + SEQUENCE.incrementAndGet() + "@example.com";
  }

  public SignedIn register(String prefix) {
    return registerWithEmail(uniqueEmail(prefix), prefix);
  }

  public SignedIn registerWithEmail(String email) {
    return registerWithEmail(email, "Invited");
  }

  private SignedIn registerWithEmail(String email, String prefix) {
    JsonObject body = api.post("/v1/auth/register", new JsonObject()
            .put("email", email).put("password", PASSWORD).put("displayName", prefix).encode())
        .send().expect(201).json();
    return SignedIn.of(email, body);
  }

  public SignedIn login(String email) {
    JsonObject body = api.post("/v1/auth/login",
        new JsonObject().put("email", email).put("password", PASSWORD).encode()).send().expect(200).json();
    return SignedIn.of(email, body);
  }

  /** A user with a live token pair. */
  public record SignedIn(String email, String userId, String accessToken, String refreshToken) {
    static SignedIn of(String email, JsonObject tokens) {
      return new SignedIn(email, tokens.getJsonObject("user").getString("id"), tokens.getString("accessToken"),
          tokens.getString("refreshToken"));
    }
  }
}
