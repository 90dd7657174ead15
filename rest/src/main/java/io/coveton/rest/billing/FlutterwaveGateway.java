package io.coveton.rest.billing;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/**
 * Flutterwave Standard: {@code POST /v3/payments} (bearer secret key) with our reference as
 * {@code tx_ref}, the amount (Flutterwave takes major units: the catalogue's minor units with two
 * decimals), the currency, the redirect URL, the payer's email and the payment plan.
 */
final class FlutterwaveGateway implements PaymentGateway {
  private final CovetonConfig.PaymentProvider settings;
  private final GatewayCalls calls;

  FlutterwaveGateway(CovetonConfig.PaymentProvider settings, GatewayCalls calls) {
    this.settings = settings;
    this.calls = calls;
  }

  @Override
  public String name() {
    return "flutterwave";
  }

  @Override
  public Future<Session> checkout(Request request) {
    JsonObject body = new JsonObject()
        .put("tx_ref", request.reference())
        .put("amount", BigDecimal.valueOf(request.price().amount()).movePointLeft(2).toPlainString())
        .put("currency", request.price().currency().toUpperCase())
        .put("redirect_url", request.successUrl())
        .put("payment_plan", request.price().providerPlanId())
        .put("customer", new JsonObject().put("email", request.email()))
        .put("meta", new JsonObject().put("organization_id", request.organizationId())
            .put("checkout_id", request.reference()).put("plan", request.plan().id()))
        .put("customizations", new JsonObject().put("title", request.plan().name()));
    return calls.postJson(name(), settings.apiUrl() + "/v3/payments", settings.secretKey(), body).compose(answer -> {
      JsonObject data = answer.getValue("data") instanceof JsonObject d ? d : new JsonObject();
      return "success".equals(answer.getValue("status")) && data.getValue("link") instanceof String link
          ? Future.succeededFuture(new Session(request.reference(), link))
          : Future.failedFuture(GatewayCalls.failure(502, name(),
              "Flutterwave did not create the payment: " + answer.getString("message", "no message"), null));
    });
  }
}
