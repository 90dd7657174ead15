package io.coveton.shared.billing;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** An invoice as a provider reported it; amounts in minor units. */
public record Invoice(String id, String organizationId, String provider, String providerInvoiceId, long amount,
    String currency, String status, Instant periodStart, Instant periodEnd, String hostedUrl, Instant paidAt,
    Instant createdAt) {
  static final String COLUMNS = "id, organization_id, provider, provider_invoice_id, amount, currency, status, "
      + "period_start, period_end, hosted_url, paid_at, created_at";

  static Invoice fromRow(Row row) {
    return new Invoice(row.getString("id"), row.getString("organization_id"), row.getString("provider"),
        row.getString("provider_invoice_id"), row.getLong("amount"), row.getString("currency"), row.getString("status"),
        PgRows.instant(row, "period_start"), PgRows.instant(row, "period_end"), row.getString("hosted_url"),
        PgRows.instant(row, "paid_at"), PgRows.instant(row, "created_at"));
  }
}
