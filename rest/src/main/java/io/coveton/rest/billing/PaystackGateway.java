package io.coveton.rest.billing;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Paystack: {@code POST /transaction/initialize} (bearer secret key) with the payer's email, the
 * amount in minor units and the plan code (Paystack then subscribes the customer), our reference,
 * the callback URL and the organization in the metadata.
 */
final class PaystackGateway implements PaymentGateway {
  private final CovetonConfig.PaymentProvider settings;
  private final GatewayCalls calls;

  PaystackGateway(CovetonConfig.PaymentProvider settings, GatewayCalls calls) {
    this.settings = settings;
    this.calls = calls;
  }

  @Override
  public String name() {
    return "paystack";
  }

  @Override
  public Future<Session> checkout(Request request) {
    JsonObject metadata = new JsonObject().put("organization_id", request.organizationId())
        .put("checkout_id", request.reference()).put("plan", request.plan().id());
    if (request.cancelUrl() != null) {
      metadata.put("cancel_action", request.cancelUrl());
    }
    JsonObject body = new JsonObject()
        .put("email", request.email())
        .put("amount", Long.toString(request.price().amount()))
        .put("currency", request.price().currency().toUpperCase())
        .put("plan", request.price().providerPlanId())
        .put("reference", request.reference())
        .put("callback_url", request.successUrl())
        .put("metadata", metadata);
    return calls.postJson(name(), settings.apiUrl() + "/transaction/initialize", settings.secretKey(), body)
        .compose(answer -> {
          JsonObject data = answer.getValue("data") instanceof JsonObject d ? d : new JsonObject();
          return Boolean.TRUE.equals(answer.getValue("status")) && data.getValue("authorization_url") instanceof String url
              ? Future.succeededFuture(new Session(data.getString("reference", request.reference()), url))
              : Future.failedFuture(GatewayCalls.failure(502, name(),
                  "Paystack did not initialize the transaction: " + answer.getString("message", "no message"), null));
        });
  }
}
