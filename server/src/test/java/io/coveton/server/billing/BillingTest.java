package io.coveton.server.billing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Organizations;
import io.coveton.server.testing.PaymentProviderDouble;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plans, checkout against doubles of the three providers, their signed webhooks (signatures
 * computed here from each provider's documented algorithm), invoices, and seat enforcement.
 */
class BillingTest {
  private static final String STRIPE_WEBHOOK_SECRET = "whsec_test_coveton";
  private static final String FLUTTERWAVE_HASH = "flw-secret-hash";
  private static final String APP = "https://app.example.com/billing";
  private static final PaymentProviderDouble providers = startProviders();

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_PLANS_FILE", plansFile())
      .with("COVETON_BILLING_REDIRECT_URIS", APP)
      .with("COVETON_OUTBOX_POLL_MILLIS", "20")
      .with("COVETON_STRIPE_API_URL", providers.baseUrl())
      .with("COVETON_STRIPE_SECRET_KEY", PaymentProviderDouble.STRIPE_KEY)
      .with("COVETON_STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET)
      .with("COVETON_PAYSTACK_API_URL", providers.baseUrl())
      .with("COVETON_PAYSTACK_SECRET_KEY", PaymentProviderDouble.PAYSTACK_KEY)
      .with("COVETON_FLUTTERWAVE_API_URL", providers.baseUrl())
      .with("COVETON_FLUTTERWAVE_SECRET_KEY", PaymentProviderDouble.FLUTTERWAVE_KEY)
      .with("COVETON_FLUTTERWAVE_SECRET_HASH", FLUTTERWAVE_HASH);

  private final ApiClient api = server.api();
  private final Organizations orgs = new Organizations(api);

  private static PaymentProviderDouble startProviders() {
    try {
      return new PaymentProviderDouble();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String plansFile() {
    JsonObject team = new JsonObject().put("id", "team_monthly").put("name", "Team").put("interval", "month")
        .put("seats", 50).put("storageQuotaBytes", 1L << 36).put("prices", new JsonObject()
            .put("stripe", price(4900, "usd", "price_team_monthly"))
            .put("paystack", price(7500000, "NGN", "PLN_team_monthly"))
            .put("flutterwave", price(75000, "NGN", "98765")));
    JsonObject broken = new JsonObject().put("id", "broken").put("name", "Broken").put("interval", "month")
        .put("seats", 10).put("storageQuotaBytes", 1L << 30).put("prices", new JsonObject()
            .put("stripe", price(100, "usd", "price_broken")).put("paystack", price(100, "NGN", "PLN_broken"))
            .put("flutterwave", price(100, "NGN", "plan_broken")));
    JsonObject free = new JsonObject().put("id", "free").put("name", "Free").put("interval", "none").put("seats", 3)
        .put("storageQuotaBytes", 1L << 20).put("prices", new JsonObject());
    try {
      Path file = Files.createTempFile("plans", ".json");
      Files.writeString(file, new JsonObject().put("plans", new JsonArray().add(free).add(team).add(broken)).encode());
      return file.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject price(long amount, String currency, String id) {
    return new JsonObject().put("amount", amount).put("currency", currency).put("providerPlanId", id);
  }

  @AfterAll
  static void stopProviders() {
    providers.close();
  }

  @AfterEach
  void providersWereCalledAsDocumented() {
    assertEquals(List.of(), providers.violations());
  }

  @Test
  void everyOrganizationStartsFreeAndCheckoutCallsEachProviderAsDocumented() {
    SignedIn owner = server.accounts().register("payer");
    String org = orgs.create(owner, "Payers");
    JsonObject subscription = api.get("/v1/subscriptions/" + org).bearer(owner.accessToken()).send().expect(200).json();
    assertTrue(subscription.getString("id").startsWith("sub_"));
    assertEquals("free", subscription.getString("plan"));
    assertEquals("active", subscription.getString("status"));
    assertEquals(3, subscription.getInteger("seats"));

    JsonObject stripe = checkout(owner, org, "stripe").expect(201).json();
    assertTrue(stripe.getString("checkoutUrl").startsWith("https://checkout.stripe.com/"));
    assertTrue(stripe.getString("sessionId").startsWith("cs_test_"));
    Map<String, String> session = providers.stripeSessions().get(providers.stripeSessions().size() - 1);
    assertEquals("price_team_monthly", session.get("line_items[0][price]"));
    assertEquals(org, session.get("client_reference_id"));
    assertEquals(org, session.get("metadata[organization_id]"));
    assertEquals(APP, session.get("success_url"));
    assertEquals(owner.email(), session.get("customer_email"));

    JsonObject paystack = checkout(owner, org, "paystack").expect(201).json();
    assertTrue(paystack.getString("checkoutUrl").startsWith("https://checkout.paystack.com/"));
    JsonObject transaction = providers.paystackTransactions().get(providers.paystackTransactions().size() - 1);
    assertEquals("7500000", transaction.getString("amount"));
    assertEquals("PLN_team_monthly", transaction.getString("plan"));
    assertEquals(org, transaction.getJsonObject("metadata").getString("organization_id"));

    JsonObject flutterwave = checkout(owner, org, "flutterwave").expect(201).json();
    assertTrue(flutterwave.getString("checkoutUrl").startsWith("https://checkout.flutterwave.com/"));
    JsonObject payment = providers.flutterwavePayments().get(providers.flutterwavePayments().size() - 1);
    assertEquals("750.00", payment.getString("amount"), "Flutterwave takes major units");
    assertEquals("98765", payment.getString("payment_plan"));
    assertEquals(flutterwave.getString("sessionId"), payment.getString("tx_ref"));
  }

  @Test
  void badCheckoutsAreRefusedAndAProviderErrorIsABadGatewayInTheEnvelope() {
    SignedIn owner = server.accounts().register("badPayer");
    String org = orgs.create(owner, "Bad payers");
    JsonObject unknownPlan = api.post("/v1/subscriptions/" + org + "/checkout", new JsonObject().put("plan", "nope")
        .put("provider", "stripe").put("successUrl", "https://evil.example.com/").encode()).bearer(owner.accessToken())
        .send().expectError(422, "VALIDATION");
    assertEquals(List.of("plan", "successUrl"), unknownPlan.getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("path")).toList());
    api.post("/v1/subscriptions/" + org + "/checkout", new JsonObject().put("plan", "free").put("provider", "stripe")
        .put("successUrl", APP).encode()).bearer(owner.accessToken()).send().expectError(422, "VALIDATION");
    api.post("/v1/subscriptions/" + org + "/checkout", new JsonObject().put("plan", "team_monthly")
        .put("provider", "paypal").put("successUrl", APP).encode()).bearer(owner.accessToken()).send()
        .expectError(422, "VALIDATION");

    for (String provider : List.of("stripe", "paystack", "flutterwave")) {
      ApiResult failed = api.post("/v1/subscriptions/" + org + "/checkout", new JsonObject().put("plan", "broken")
          .put("provider", provider).put("successUrl", APP).encode()).bearer(owner.accessToken()).send();
      assertEquals(502, failed.status(), failed.body());
      JsonObject error = new JsonObject(failed.body()).getJsonObject("error");
      assertEquals("INTERNAL", error.getString("code"));
      assertEquals(provider, error.getString("provider"));
    }

    SignedIn member = orgs.newMember(owner, org, "member", "plainMember");
    checkout(member, org, "stripe").expectError(403, "FORBIDDEN");
    api.get("/v1/billing/" + org + "/invoices").bearer(member.accessToken()).send().expectError(403, "FORBIDDEN");
    SignedIn outsider = server.accounts().register("billingOutsider");
    checkout(outsider, org, "stripe").expectError(404, "NOT_FOUND");
    api.get("/v1/subscriptions/" + org).bearer(outsider.accessToken()).send().expectError(404, "NOT_FOUND");
    api.get("/v1/billing/" + org + "/invoices").bearer(outsider.accessToken()).send().expectError(404, "NOT_FOUND");
  }

  @Test
  void aCheckoutWithAnIdempotencyKeyStartsOneSession() {
    SignedIn owner = server.accounts().register("retrier");
    String org = orgs.create(owner, "Retriers");
    String key = UUID.randomUUID().toString();
    int before = providers.stripeSessions().size();
    JsonObject first = checkoutWithKey(owner, org, key).expect(201).json();
    ApiResult again = checkoutWithKey(owner, org, key).expect(201);
    assertEquals(first, again.json());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(before + 1, providers.stripeSessions().size());
  }

  @Test
  void stripeWebhooksAreVerifiedAppliedOnceAndNeverMoveASubscriptionBackwards() throws Exception {
    SignedIn owner = server.accounts().register("stripeOwner");
    String org = orgs.create(owner, "Stripe org");
    long now = Instant.now().getEpochSecond();
    String subscriptionId = "sub_" + UUID.randomUUID().toString().replace("-", "");
    JsonObject completed = stripeEvent("checkout.session.completed", now - 30, new JsonObject()
        .put("id", "cs_test_1").put("object", "checkout.session").put("client_reference_id", org)
        .put("subscription", subscriptionId).put("customer", "cus_1")
        .put("metadata", new JsonObject().put("organization_id", org).put("plan", "team_monthly")));
    stripe(completed, now).expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "team_monthly".equals(subscription(owner, org).getString("plan")));
    assertEquals(50, subscription(owner, org).getInteger("seats"));
    assertEquals("stripe", subscription(owner, org).getString("provider"));

    // a redelivery is acknowledged and not applied again
    JsonObject duplicate = stripe(completed, now).expect(200).json();
    assertTrue(duplicate.getBoolean("duplicate"));

    // bad signatures change nothing
    String body = stripeEvent("customer.subscription.deleted", now, subscriptionObject(subscriptionId, org, "canceled"))
        .encode();
    webhook("/v1/webhooks/stripe", body.replace("canceled", "active"), "Stripe-Signature",
        "t=" + now + ",v1=" + hmacHex("HmacSHA256", STRIPE_WEBHOOK_SECRET, now + "." + body)).expectError(400, "BAD_REQUEST");
    webhook("/v1/webhooks/stripe", body, "Stripe-Signature",
        "t=" + now + ",v1=" + hmacHex("HmacSHA256", "whsec_wrong", now + "." + body)).expectError(400, "BAD_REQUEST");
    long stale = now - 600;
    webhook("/v1/webhooks/stripe", body, "Stripe-Signature",
        "t=" + stale + ",v1=" + hmacHex("HmacSHA256", STRIPE_WEBHOOK_SECRET, stale + "." + body))
        .expectError(400, "BAD_REQUEST");
    webhook("/v1/webhooks/stripe", body, "X-Other", "x").expectError(400, "BAD_REQUEST");
    Thread.sleep(2_500); // longer than two runs of the billing-events job
    assertEquals("active", subscription(owner, org).getString("status"));

    // a newer update applies; an older one arriving after it does not
    stripe(stripeEvent("customer.subscription.updated", now - 5, subscriptionObject(subscriptionId, org, "active")
        .put("cancel_at_period_end", true)), now).expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> subscription(owner, org).getBoolean("cancelAtPeriodEnd"));
    stripe(stripeEvent("customer.subscription.updated", now - 20, subscriptionObject(subscriptionId, org, "past_due")),
        now).expect(200);
    // a cancellation of some other, older subscription of the organization changes nothing either
    stripe(stripeEvent("customer.subscription.deleted", now - 1, subscriptionObject("sub_old_replaced", org, "canceled")),
        now).expect(200);
    Thread.sleep(2_500);
    assertEquals("active", subscription(owner, org).getString("status"), "a stale update is ignored");

    // an invoice is recorded
    stripe(stripeEvent("invoice.paid", now, new JsonObject().put("id", "in_stripe_1").put("object", "invoice")
        .put("subscription", subscriptionId).put("customer", "cus_1").put("amount_paid", 4900).put("currency", "usd")
        .put("hosted_invoice_url", "https://invoice.stripe.com/i/1").put("period_start", now - 3600)
        .put("period_end", now + 2_592_000).put("status_transitions", new JsonObject().put("paid_at", now))), now)
        .expect(200);
    JsonObject invoice = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/billing/" + org + "/invoices")
        .bearer(owner.accessToken()).send().expect(200).array(), list -> list.size() == 1).getJsonObject(0);
    assertTrue(invoice.getString("id").startsWith("in_"));
    assertEquals("in_stripe_1", invoice.getString("providerInvoiceId"));
    assertEquals(4900, invoice.getLong("amount"));
    assertEquals("paid", invoice.getString("status"));

    // cancellation: back to the free plan's seats
    stripe(stripeEvent("customer.subscription.deleted", now, subscriptionObject(subscriptionId, org, "canceled")), now)
        .expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "canceled".equals(subscription(owner, org).getString("status")));
    assertEquals(3, subscription(owner, org).getInteger("seats"));
    JsonArray audit = api.get("/v1/audit-logs?organizationId=" + org + "&action=subscription.updated")
        .bearer(owner.accessToken()).send().expect(200).array();
    assertEquals(3, audit.size(), audit.encodePrettily());
  }

  @Test
  void paystackAndFlutterwaveWebhooksAreVerifiedAndApplied() throws Exception {
    SignedIn owner = server.accounts().register("africaOwner");
    String org = orgs.create(owner, "Paystack org");
    String reference = checkout(owner, org, "paystack").expect(201).json().getString("sessionId");
    JsonObject charge = new JsonObject().put("event", "charge.success").put("data", new JsonObject()
        .put("id", 302961).put("status", "success").put("reference", reference).put("amount", 7500000)
        .put("currency", "NGN").put("paid_at", Instant.now().toString())
        .put("customer", new JsonObject().put("customer_code", "CUS_xnxdt6s1zg1f4nx").put("email", owner.email()))
        .put("plan", new JsonObject().put("plan_code", "PLN_team_monthly")));
    String body = charge.encode();
    webhook("/v1/webhooks/paystack", body.replace("7500000", "1"), "x-paystack-signature",
        hmacHex("HmacSHA512", PaymentProviderDouble.PAYSTACK_KEY, body)).expectError(400, "BAD_REQUEST");
    webhook("/v1/webhooks/paystack", body, "x-paystack-signature", hmacHex("HmacSHA512", "sk_wrong", body))
        .expectError(400, "BAD_REQUEST");
    webhook("/v1/webhooks/paystack", body, "x-paystack-signature",
        hmacHex("HmacSHA512", PaymentProviderDouble.PAYSTACK_KEY, body)).expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "team_monthly".equals(subscription(owner, org).getString("plan")));
    assertEquals("paystack", subscription(owner, org).getString("provider"));
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/billing/" + org + "/invoices")
        .bearer(owner.accessToken()).send().array().size() == 1);

    SignedIn other = server.accounts().register("flutterOwner");
    String flutterOrg = orgs.create(other, "Flutterwave org");
    // a charge for less than the plan's price does not buy the plan
    String cheapRef = checkout(other, flutterOrg, "flutterwave").expect(201).json().getString("sessionId");
    String cheap = new JsonObject().put("event", "charge.completed").put("data", new JsonObject()
        .put("id", 285959001).put("tx_ref", cheapRef).put("amount", 1).put("currency", "NGN")
        .put("status", "successful").put("created_at", Instant.now().minusSeconds(5).toString())
        .put("customer", new JsonObject().put("id", 215604089).put("email", other.email()))).encode();
    webhook("/v1/webhooks/flutterwave", cheap, "verif-hash", FLUTTERWAVE_HASH).expect(200);
    Thread.sleep(2_500);
    assertEquals("free", subscription(other, flutterOrg).getString("plan"));
    String txRef = checkout(other, flutterOrg, "flutterwave").expect(201).json().getString("sessionId");
    String completed = new JsonObject().put("event", "charge.completed").put("data", new JsonObject()
        .put("id", 285959875).put("tx_ref", txRef).put("amount", 750).put("currency", "NGN")
        .put("status", "successful").put("created_at", Instant.now().toString())
        .put("customer", new JsonObject().put("id", 215604089).put("email", other.email()))).encode();
    webhook("/v1/webhooks/flutterwave", completed, "verif-hash", "not-the-hash").expectError(400, "BAD_REQUEST");
    api.post("/v1/webhooks/flutterwave", completed).header("verif-hash", FLUTTERWAVE_HASH)
        .header("flutterwave-signature", Base64.getEncoder().encodeToString(hmac("HmacSHA256", "wrong", completed)))
        .send().expectError(400, "BAD_REQUEST");
    api.post("/v1/webhooks/flutterwave", completed).header("verif-hash", FLUTTERWAVE_HASH)
        .header("flutterwave-signature", Base64.getEncoder().encodeToString(hmac("HmacSHA256", FLUTTERWAVE_HASH,
            completed))).send().expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "team_monthly".equals(subscription(other, flutterOrg)
        .getString("plan")));
    // both charges are on record (money was received), newest first
    JsonObject invoice = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/billing/" + flutterOrg
        + "/invoices").bearer(other.accessToken()).send().array(), list -> list.size() == 2).getJsonObject(0);
    assertEquals("charge:285959875", invoice.getString("providerInvoiceId"));
    assertEquals(75000, invoice.getLong("amount"), "minor units");
    // the other organization's invoices are not this one's
    assertEquals(1, api.get("/v1/billing/" + org + "/invoices").bearer(owner.accessToken()).send().array().size());

    // Paystack: the subscription it created, then a failed renewal (past due), found by customer code
    paystack(new JsonObject().put("event", "subscription.create").put("data", new JsonObject()
        .put("subscription_code", "SUB_vsyqdmlzble3uii").put("status", "active")
        .put("createdAt", Instant.now().toString()).put("next_payment_date", Instant.now().plusSeconds(2_592_000).toString())
        .put("plan", new JsonObject().put("plan_code", "PLN_team_monthly"))
        .put("customer", new JsonObject().put("customer_code", "CUS_xnxdt6s1zg1f4nx")))).expect(200);
    paystack(new JsonObject().put("event", "invoice.payment_failed").put("data", new JsonObject()
        .put("invoice_code", "INV_failed_1").put("amount", 7500000).put("currency", "NGN").put("paid", false)
        .put("status", "failed").put("createdAt", Instant.now().plusSeconds(1).toString())
        .put("subscription", new JsonObject().put("subscription_code", "SUB_vsyqdmlzble3uii"))
        .put("customer", new JsonObject().put("customer_code", "CUS_xnxdt6s1zg1f4nx")))).expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "past_due".equals(subscription(owner, org).getString("status")));
    assertEquals(50, subscription(owner, org).getInteger("seats"), "past due still has its plan's seats");
    JsonArray invoices = api.get("/v1/billing/" + org + "/invoices").bearer(owner.accessToken()).send().array();
    assertEquals("payment_failed", invoices.getJsonObject(0).getString("status"));

    // Flutterwave: a cancellation, found by the customer id its charge carried
    String cancelled = new JsonObject().put("event", "subscription.cancelled").put("data", new JsonObject()
        .put("id", 1234).put("status", "cancelled").put("updated_at", Instant.now().plusSeconds(1).toString())
        .put("customer", new JsonObject().put("id", 215604089).put("email", other.email()))).encode();
    webhook("/v1/webhooks/flutterwave", cancelled, "verif-hash", FLUTTERWAVE_HASH).expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "canceled".equals(subscription(other, flutterOrg)
        .getString("status")));
    assertEquals(3, subscription(other, flutterOrg).getInteger("seats"));
  }

  private ApiResult paystack(JsonObject event) throws Exception {
    String body = event.encode();
    return webhook("/v1/webhooks/paystack", body, "x-paystack-signature",
        hmacHex("HmacSHA512", PaymentProviderDouble.PAYSTACK_KEY, body));
  }

  @Test
  void seatsOfThePlanBoundInvitesAndAcceptancesUntilAnUpgrade() throws Exception {
    SignedIn owner = server.accounts().register("seatOwner");
    String org = orgs.create(owner, "Three seats");
    orgs.newMember(owner, org, "member", "seatOne");
    SignedIn second = server.accounts().register("seatTwo");
    String token = orgs.invite(owner, org, second.email(), "member").expect(201).json().getString("token");
    // owner + one member + one pending invite = 3 seats
    JsonObject full = orgs.invite(owner, org, Accounts.uniqueEmail("seatThree"), "member").expectError(409, "CONFLICT");
    assertTrue(full.getString("message").contains("seats"), full.encode());
    api.post("/v1/invites/accept", new JsonObject().put("token", token).encode()).bearer(second.accessToken()).send()
        .expect(200);
    orgs.invite(owner, org, Accounts.uniqueEmail("seatFour"), "member").expectError(409, "CONFLICT");

    long now = Instant.now().getEpochSecond();
    stripe(stripeEvent("checkout.session.completed", now, new JsonObject().put("id", "cs_seats")
        .put("client_reference_id", org).put("subscription", "sub_seats_" + UUID.randomUUID()).put("customer", "cus_s")
        .put("metadata", new JsonObject().put("organization_id", org).put("plan", "team_monthly"))), now).expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> subscription(owner, org).getInteger("seats") == 50);
    orgs.invite(owner, org, Accounts.uniqueEmail("seatFive"), "member").expect(201);
  }

  @Test
  void reEnablingADisabledMemberNeedsAFreeSeat() {
    SignedIn owner = server.accounts().register("reEnableOwner");
    String org = orgs.create(owner, "Re-enable");
    SignedIn first = orgs.newMember(owner, org, "member", "reEnableFirst");
    api.patch("/v1/organizations/" + org + "/members/" + first.userId(), new JsonObject().put("status", "disabled")
        .encode()).bearer(owner.accessToken()).send().expect(200);
    orgs.newMember(owner, org, "member", "reEnableSecond");
    orgs.newMember(owner, org, "member", "reEnableThird");
    // owner + two active members fill the three seats: the disabled one cannot come back
    api.patch("/v1/organizations/" + org + "/members/" + first.userId(), new JsonObject().put("status", "active")
        .encode()).bearer(owner.accessToken()).send().expectError(409, "CONFLICT");
  }

  @Test
  void filesForAnOrganizationsChatsCountAgainstItsPlansStorageQuota() throws Exception {
    SignedIn owner = server.accounts().register("storageOwner");
    String org = orgs.create(owner, "Storage");
    SignedIn member = orgs.newMember(owner, org, "member", "storageMember");
    String chat = api.post("/v1/chats", new JsonObject().put("type", "group").put("name", "Team room")
        .put("participantIds", new JsonArray().add(member.userId())).put("organizationId", org).encode())
        .bearer(owner.accessToken()).send().expect(201).json().getString("id");
    long kib600 = 600 * 1024;
    presign(owner, chat, kib600).expect(201);
    JsonObject full = presign(member, chat, kib600).expectError(409, "CONFLICT");
    assertEquals((1L << 20) - kib600, full.getLong("remainingBytes"), full.encode());
    assertTrue(full.getString("message").contains("organization"), full.encode());
    presign(member, null, kib600).expect(201); // the member's own quota is another matter

    long now = Instant.now().getEpochSecond();
    stripe(stripeEvent("checkout.session.completed", now, new JsonObject().put("id", "cs_storage")
        .put("client_reference_id", org).put("subscription", "sub_storage_" + UUID.randomUUID()).put("customer", "cus_st")
        .put("metadata", new JsonObject().put("organization_id", org).put("plan", "team_monthly"))), now).expect(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "team_monthly".equals(subscription(owner, org).getString("plan")));
    presign(member, chat, kib600).expect(201);
  }

  private ApiResult presign(SignedIn user, String chatId, long size) {
    JsonObject body = new JsonObject().put("filename", "f").put("contentType", "application/octet-stream")
        .put("size", size);
    if (chatId != null) {
      body.put("chatId", chatId);
    }
    return api.post("/v1/files/presign", body.encode()).bearer(user.accessToken()).send();
  }

  private ApiResult checkout(SignedIn user, String org, String provider) {
    return api.post("/v1/subscriptions/" + org + "/checkout", new JsonObject().put("plan", "team_monthly")
        .put("provider", provider).put("successUrl", APP).put("cancelUrl", APP + "/cancel").encode())
        .bearer(user.accessToken()).send();
  }

  private ApiResult checkoutWithKey(SignedIn user, String org, String key) {
    return api.post("/v1/subscriptions/" + org + "/checkout", new JsonObject().put("plan", "team_monthly")
        .put("provider", "stripe").put("successUrl", APP).encode()).bearer(user.accessToken())
        .header("Idempotency-Key", key).send();
  }

  private JsonObject subscription(SignedIn user, String org) {
    return api.get("/v1/subscriptions/" + org).bearer(user.accessToken()).send().expect(200).json();
  }

  private static JsonObject stripeEvent(String type, long created, JsonObject object) {
    return new JsonObject().put("id", "evt_" + UUID.randomUUID().toString().replace("-", "")).put("object", "event")
        .put("type", type).put("created", created).put("data", new JsonObject().put("object", object));
  }

  private static JsonObject subscriptionObject(String id, String org, String status) {
    return new JsonObject().put("id", id).put("object", "subscription").put("customer", "cus_1").put("status", status)
        .put("cancel_at_period_end", false).put("current_period_end", Instant.now().getEpochSecond() + 2_592_000)
        .put("metadata", new JsonObject().put("organization_id", org))
        .put("items", new JsonObject().put("data", new JsonArray().add(new JsonObject()
            .put("price", new JsonObject().put("id", "price_team_monthly")))));
  }

  private ApiResult stripe(JsonObject event, long now) throws Exception {
    String body = event.encode();
    return webhook("/v1/webhooks/stripe", body, "Stripe-Signature",
        "t=" + now + ",v1=" + hmacHex("HmacSHA256", "whsec_old", now + "." + body)
            + ",v1=" + hmacHex("HmacSHA256", STRIPE_WEBHOOK_SECRET, now + "." + body));
  }

  private ApiResult webhook(String path, String body, String header, String value) {
    return api.post(path, body).header(header, value).send();
  }

  private static String hmacHex(String algorithm, String key, String data) throws Exception {
    return HexFormat.of().formatHex(hmac(algorithm, key, data));
  }

  private static byte[] hmac(String algorithm, String key, String data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
