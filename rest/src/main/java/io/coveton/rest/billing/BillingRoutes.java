package io.coveton.rest.billing;

import io.coveton.rest.organizations.AuditedWrites;
import io.coveton.rest.organizations.OrgAccess;
import io.coveton.rest.organizations.OrgScope;
import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.billing.InvoiceRepository;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.Permission;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /v1/subscriptions/:organizationId} (billing.read), its {@code /checkout} (billing.manage),
 * {@code /v1/billing/:organizationId/invoices} (billing.read), and the providers' webhooks
 * {@code /v1/webhooks/stripe|paystack|flutterwave} (public; signed).
 */
final class BillingRoutes {
  private static final List<String> PROVIDERS = List.of("stripe", "paystack", "flutterwave");
  private final RoutePlatform platform;
  private final OrgAccess access;
  private final BillingService billing;
  private final InvoiceRepository invoices;
  private final PaymentWebhooks webhooks;
  private final UserRepository users;

  BillingRoutes(RoutePlatform platform, OrgAccess access, BillingService billing, InvoiceRepository invoices,
      PaymentWebhooks webhooks, UserRepository users) {
    this.platform = platform;
    this.access = access;
    this.billing = billing;
    this.invoices = invoices;
    this.webhooks = webhooks;
    this.users = users;
  }

  void mount(Router router) {
    OrgScope org = OrgScope.pathParam("organizationId");
    router.get("/v1/subscriptions/:organizationId").handler(platform.authenticator())
        .handler(access.require(Permission.BILLING_READ, org)).handler(platform.endpoints().of(this::subscription));
    router.post("/v1/subscriptions/:organizationId/checkout").handler(platform.authenticator())
        .handler(access.require(Permission.BILLING_MANAGE, org)).handler(platform.idempotency())
        .handler(platform.endpoints().of(this::checkout));
    router.get("/v1/billing/:organizationId/invoices").handler(platform.authenticator())
        .handler(access.require(Permission.BILLING_READ, org))
        .handler(platform.endpoints().of(this::invoices, "limit", "before"));
    for (String provider : PROVIDERS) {
      router.post("/v1/webhooks/" + provider).handler(platform.endpoints().of(ctx -> webhook(ctx, provider)));
    }
  }

  private Future<ApiResponse> subscription(RoutingContext ctx) {
    return billing.subscription(OrgAccess.of(ctx).organizationId())
        .map(s -> ApiResponse.ok(SubscriptionView.of(s, billing.seats(s))));
  }

  /** {plan, provider, successUrl, cancelUrl?}: 201 {checkoutUrl, sessionId}. */
  private Future<ApiResponse> checkout(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String plan = body.requiredString("plan", 1, 64);
    String provider = body.requiredString("provider", 1, 32);
    if (provider != null && !PROVIDERS.contains(provider)) {
      body.fail("provider", "must be one of stripe, paystack, flutterwave");
    }
    String successUrl = body.requiredString("successUrl", 1, 2048);
    String cancelUrl = body.optionalString("cancelUrl", 1, 2048);
    body.validate();
    String organization = OrgAccess.of(ctx).organizationId();
    return users.findById(Caller.of(ctx).userId()).compose(user -> billing.checkout(AuditedWrites.actor(ctx),
            organization, user.email(), new BillingService.CheckoutRequest(plan, provider, successUrl, cancelUrl)))
        .map(ApiResponse::created);
  }

  private Future<ApiResponse> invoices(RoutingContext ctx) {
    return invoices.page(OrgAccess.of(ctx).organizationId(), Pagination.from(ctx, IdPrefix.INVOICE))
        .map(list -> ApiResponse.ok(list.stream().map(InvoiceView::of).toList()));
  }

  /** 200 {received, duplicate} for a verified event, new or redelivered; 400 when the signature fails. */
  private Future<ApiResponse> webhook(RoutingContext ctx, String provider) {
    byte[] raw = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    return webhooks.receive(provider, ctx.request().headers(), raw)
        .map(recorded -> ApiResponse.ok(new JsonObject().put("received", true).put("duplicate", !recorded)));
  }
}
