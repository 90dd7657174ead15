package io.coveton.rest.billing;

import io.coveton.rest.organizations.AuditedWrites;
import io.coveton.rest.organizations.OrgAccess;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.billing.InvoiceRepository;
import io.coveton.shared.billing.PaymentEventRepository;
import io.coveton.shared.billing.PlanCatalogue;
import io.coveton.shared.billing.SubscriptionRepository;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.metrics.CovetonMetrics;
import io.coveton.shared.net.RedirectAllowlist;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds billing with the configured payment providers and mounts its routes. */
public final class BillingModule {
  private BillingModule() {}

  /** What the billing routes are built from. */
  public record Parts(CovetonConfig.BillingSettings settings, Pool pool, WebClient http, PlanCatalogue plans,
      SubscriptionRepository subscriptions, AuditedWrites writes, IdGenerator ids, UserRepository users,
      OrgAccess access, CovetonMetrics metrics) {}

  public static void mount(Router router, RoutePlatform platform, Parts parts) {
    CovetonConfig.BillingSettings settings = parts.settings();
    GatewayCalls calls = new GatewayCalls(parts.http(), settings.providerTimeout());
    Map<String, PaymentGateway> gateways = new LinkedHashMap<>();
    if (settings.stripe().configured()) {
      gateways.put("stripe", new StripeGateway(settings.stripe(), calls));
    }
    if (settings.paystack().configured()) {
      gateways.put("paystack", new PaystackGateway(settings.paystack(), calls));
    }
    if (settings.flutterwave().configured()) {
      gateways.put("flutterwave", new FlutterwaveGateway(settings.flutterwave(), calls));
    }
    BillingService billing = new BillingService(Map.copyOf(gateways), parts.plans(), parts.subscriptions(),
        new RedirectAllowlist(settings.redirectUris(), "COVETON_BILLING_REDIRECT_URIS"), parts.writes(), parts.ids());
    PaymentWebhooks webhooks = new PaymentWebhooks(settings, new PaymentEventRepository(parts.pool()),
        parts.metrics(), Clock.systemUTC());
    new BillingRoutes(platform, parts.access(), billing, new InvoiceRepository(parts.pool()), webhooks, parts.users())
        .mount(router);
  }
}
