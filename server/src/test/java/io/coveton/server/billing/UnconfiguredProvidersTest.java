package io.coveton.server.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server with no payment provider configured: the built-in catalogue, checkouts refused by name, webhooks 404. */
class UnconfiguredProvidersTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  @Test
  void theBuiltInCatalogueAppliesAndProvidersWithoutKeysAreRefusedByName() {
    SignedIn owner = server.accounts().register("unconfigured");
    String org = new Organizations(server.api()).create(owner, "No providers");
    JsonObject subscription = server.api().get("/v1/subscriptions/" + org).bearer(owner.accessToken()).send()
        .expect(200).json();
    assertEquals("free", subscription.getString("plan"));
    assertEquals(25, subscription.getInteger("seats"));
    for (String provider : List.of("stripe", "paystack", "flutterwave")) {
      JsonObject error = server.api().post("/v1/subscriptions/" + org + "/checkout", new JsonObject()
              .put("plan", "team_monthly").put("provider", provider).put("successUrl", "http://localhost:8080/billing")
              .encode()).bearer(owner.accessToken()).send().expectError(422, "VALIDATION");
      JsonObject detail = error.getJsonArray("details").getJsonObject(0);
      assertEquals("provider", detail.getString("path"));
      assertTrue(detail.getString("message").contains(provider + " is not configured"), detail.encode());
      server.api().post("/v1/webhooks/" + provider, "{}").send().expectError(404, "NOT_FOUND");
    }
  }
}
