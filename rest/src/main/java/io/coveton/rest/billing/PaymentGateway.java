package io.coveton.rest.billing;

import io.coveton.shared.billing.PlanCatalogue.Plan;
import io.coveton.shared.billing.PlanCatalogue.Price;
import io.vertx.core.Future;

/** One payment provider's hosted checkout, called through its documented API. */
interface PaymentGateway {
  /** {@code stripe}, {@code paystack} or {@code flutterwave}. */
  String name();

  Future<Session> checkout(Request request);

  /**
   * A checkout to start: {@code reference} is this server's id for it, which the provider's events
   * carry back (as metadata, reference or tx_ref).
   */
  record Request(String organizationId, String reference, Plan plan, Price price, String email, String successUrl,
      String cancelUrl) {}

  /** The provider's id for the session (what its events name) and the page to send the payer to. */
  record Session(String providerSessionId, String checkoutUrl) {}
}
