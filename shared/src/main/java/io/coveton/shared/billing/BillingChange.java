package io.coveton.shared.billing;

import java.time.Instant;

/**
 * What a provider event says, in this server's terms. How the organization is found, first that
 * applies: {@code organizationId} (metadata this server put on the checkout), {@code checkoutReference}
 * (our checkout id, carried back as reference or tx_ref), the provider's subscription id, its customer id.
 */
public sealed interface BillingChange {
  Ref ref();

  Instant occurredAt();

  record Ref(String organizationId, String checkoutReference, String providerSubscriptionId, String customerId) {}

  /**
   * Null fields leave the subscription's value as it is. {@code paid}: the charge that brings this
   * change, when it is one (Paystack, Flutterwave): it must cover the plan's price.
   */
  record SubscriptionChange(Ref ref, String plan, String status, Instant currentPeriodEnd, Boolean cancelAtPeriodEnd,
      Instant occurredAt, Payment paid) implements BillingChange {
    SubscriptionChange(Ref ref, String plan, String status, Instant currentPeriodEnd, Boolean cancelAtPeriodEnd,
        Instant occurredAt) {
      this(ref, plan, status, currentPeriodEnd, cancelAtPeriodEnd, occurredAt, null);
    }
  }

  /** An amount in minor units and its currency. */
  record Payment(long amount, String currency) {}

  /** Amounts in minor units; {@code status} paid or payment_failed. */
  record InvoiceChange(Ref ref, String providerInvoiceId, long amount, String currency, String status,
      Instant periodStart, Instant periodEnd, String hostedUrl, Instant paidAt, Instant occurredAt)
      implements BillingChange {}
}
