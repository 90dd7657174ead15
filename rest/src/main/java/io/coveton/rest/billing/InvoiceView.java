package io.coveton.rest.billing;

import io.coveton.shared.billing.Invoice;
import java.time.Instant;

/** An invoice as the API answers it. */
record InvoiceView(String id, String organizationId, String provider, String providerInvoiceId, long amount,
    String currency, String status, Instant periodStart, Instant periodEnd, String hostedUrl, Instant paidAt,
    Instant createdAt) {
  static InvoiceView of(Invoice i) {
    return new InvoiceView(i.id(), i.organizationId(), i.provider(), i.providerInvoiceId(), i.amount(), i.currency(),
        i.status(), i.periodStart(), i.periodEnd(), i.hostedUrl(), i.paidAt(), i.createdAt());
  }
}
