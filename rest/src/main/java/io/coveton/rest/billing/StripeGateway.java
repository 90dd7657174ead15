package io.coveton.rest.billing;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * Stripe Checkout in subscription mode: {@code POST /v1/checkout/sessions}, form-encoded, with the
 * plan's price id, the organization as {@code client_reference_id} and in the metadata of the
 * session and of the subscription it creates (so that subscription events name it too).
 */
final class StripeGateway implements PaymentGateway {
  private final CovetonConfig.PaymentProvider settings;
  private final GatewayCalls calls;

  StripeGateway(CovetonConfig.PaymentProvider settings, GatewayCalls calls) {
    this.settings = settings;
    this.calls = calls;
  }

  @Override
  public String name() {
    return "stripe";
  }

  @Override
  public Future<Session> checkout(Request request) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("mode", "subscription")
        .add("line_items[0][price]", request.price().providerPlanId())
        .add("line_items[0][quantity]", "1")
        .add("success_url", request.successUrl())
        .add("client_reference_id", request.organizationId())
        .add("customer_email", request.email())
        .add("metadata[organization_id]", request.organizationId())
        .add("metadata[checkout_id]", request.reference())
        .add("metadata[plan]", request.plan().id())
        .add("subscription_data[metadata][organization_id]", request.organizationId())
        .add("subscription_data[metadata][plan]", request.plan().id());
    if (request.cancelUrl() != null) {
      form.add("cancel_url", request.cancelUrl());
    }
    return calls.postForm(name(), settings.apiUrl() + "/v1/checkout/sessions", settings.secretKey(), form)
        .compose(session -> session.getValue("id") instanceof String id && session.getValue("url") instanceof String url
            ? Future.succeededFuture(new Session(id, url))
            : Future.failedFuture(GatewayCalls.failure(502, name(), "Stripe answered without a session id and url.", null)));
  }
}
