package io.coveton.rest.billing;

import io.coveton.rest.organizations.AuditedWrites;
import io.coveton.shared.audit.Actor;
import io.coveton.shared.billing.PlanCatalogue;
import io.coveton.shared.billing.PlanCatalogue.Plan;
import io.coveton.shared.billing.Subscription;
import io.coveton.shared.billing.SubscriptionRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.net.RedirectAllowlist;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions and checkouts. A checkout is started at the provider first (nothing is recorded when
 * it refuses), then recorded with its audit entry; the subscription itself changes only when the
 * provider's webhook confirms it.
 */
public final class BillingService {
  private final Map<String, PaymentGateway> gateways;
  private final PlanCatalogue plans;
  private final SubscriptionRepository subscriptions;
  private final RedirectAllowlist redirects;
  private final AuditedWrites writes;
  private final IdGenerator ids;

  BillingService(Map<String, PaymentGateway> gateways, PlanCatalogue plans, SubscriptionRepository subscriptions,
      RedirectAllowlist redirects, AuditedWrites writes, IdGenerator ids) {
    this.gateways = gateways;
    this.plans = plans;
    this.subscriptions = subscriptions;
    this.redirects = redirects;
    this.writes = writes;
    this.ids = ids;
  }

  /** A validated checkout request. */
  record CheckoutRequest(String plan, String provider, String successUrl, String cancelUrl) {}

  record Checkout(String checkoutUrl, String sessionId) {}

  Future<Subscription> subscription(String organizationId) {
    return subscriptions.of(organizationId);
  }

  int seats(Subscription subscription) {
    return plans.effective(subscription).seats();
  }

  Future<Checkout> checkout(Actor actor, String organizationId, String email, CheckoutRequest request) {
    List<FieldError> errors = new ArrayList<>();
    Plan plan = plans.find(request.plan()).orElse(null);
    if (plan == null) {
      errors.add(new FieldError("plan", "is not a plan of the catalogue"));
    } else if (!plan.prices().containsKey(request.provider())) {
      errors.add(new FieldError("plan", "is not sold through " + request.provider()));
    }
    PaymentGateway gateway = gateways.get(request.provider());
    if (gateway == null) {
      errors.add(new FieldError("provider", request.provider() + " is not configured on this server"));
    }
    if (!redirects.allows(request.successUrl())) {
      errors.add(new FieldError("successUrl", "must be on the configured allowlist (COVETON_BILLING_REDIRECT_URIS)"));
    }
    if (request.cancelUrl() != null && !redirects.allows(request.cancelUrl())) {
      errors.add(new FieldError("cancelUrl", "must be on the configured allowlist (COVETON_BILLING_REDIRECT_URIS)"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(ApiException.validation(errors));
    }
    String reference = ids.next(IdPrefix.CHECKOUT);
    return gateway.checkout(new PaymentGateway.Request(organizationId, reference, plan,
            plan.prices().get(request.provider()), email, request.successUrl(), request.cancelUrl()))
        .compose(session -> writes.write(actor,
            conn -> subscriptions.saveCheckout(conn, reference, organizationId, gateway.name(), plan.id(),
                session.providerSessionId(), actor.userId()).map(session),
            saved -> new AuditedWrites.Entry(organizationId, "billing.checkout_started", "checkout", reference,
                new JsonObject().put("provider", gateway.name()).put("plan", plan.id()))))
        .map(session -> new Checkout(session.checkoutUrl(), session.providerSessionId()));
  }
}
