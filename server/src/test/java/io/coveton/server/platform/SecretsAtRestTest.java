package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a reader of the database finds: no token, no private key, in plaintext. */
class SecretsAtRestTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private final ApiClient api = server.api();

  @Test
  void aRegistrationsStoredAnswerHoldsNoTokenInPlaintextAndItsReplayStillWorks() throws Exception {
    String body = new JsonObject().put("email", Accounts.uniqueEmail("sealed")).put("password", Accounts.PASSWORD)
        .put("displayName", "Sealed").encode();
    JsonObject first = api.post("/v1/auth/register", body).header("Idempotency-Key", "sealed-register").send()
        .expect(201).json();
    String refreshToken = first.getString("refreshToken");
    List<byte[]> stored = bytes("SELECT response_body FROM idempotency_records WHERE idempotency_key = ?",
        "sealed-register");
    assertEquals(1, stored.size());
    String raw = new String(stored.get(0), StandardCharsets.ISO_8859_1);
    assertFalse(raw.contains(refreshToken), "the refresh token is stored in plaintext");
    assertFalse(raw.contains("refreshToken"), "the answer is stored in plaintext");

    JsonObject replay = api.post("/v1/auth/register", body).header("Idempotency-Key", "sealed-register").send()
        .expect(201).json();
    assertEquals(refreshToken, replay.getString("refreshToken"));
    api.post("/v1/auth/refresh", new JsonObject().put("refreshToken", replay.getString("refreshToken")).encode())
        .send().expect(200);
  }

  @Test
  void anInvitesStoredAnswerHoldsNoInviteToken() throws Exception {
    var owner = server.accounts().register("sealedInviter");
    String org = new Organizations(api).create(owner, "Sealed");
    JsonObject invite = api.post("/v1/invites/" + org,
            new JsonObject().put("email", Accounts.uniqueEmail("invited")).put("role", "member").encode())
        .bearer(owner.accessToken()).header("Idempotency-Key", "sealed-invite").send().expect(201).json();
    String raw = new String(bytes("SELECT response_body FROM idempotency_records WHERE idempotency_key = ?",
        "sealed-invite").get(0), StandardCharsets.ISO_8859_1);
    assertFalse(raw.contains(invite.getString("token")));
  }

  @Test
  void theSigningKeyIsSealed() throws Exception {
    List<byte[]> keys = bytes("SELECT convert_to(private_key_pem, 'UTF8') FROM signing_keys WHERE slot = ?", "active");
    String stored = new String(keys.get(0), StandardCharsets.UTF_8);
    assertTrue(stored.startsWith("sealed:"), stored.substring(0, 12));
    assertFalse(stored.contains("PRIVATE KEY"));
    server.accounts().register("stillSigned");
  }

  private static List<byte[]> bytes(String sql, String parameter) throws Exception {
    var db = server.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      List<byte[]> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getBytes(1));
        }
      }
      return values;
    }
  }
}
