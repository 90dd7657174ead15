package io.coveton.shared.billing;

import io.coveton.shared.persistence.PageRequest;
import io.coveton.shared.persistence.PgRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** All SQL about invoices. */
public final class InvoiceRepository {
  private static final String PAGE =
      "SELECT " + Invoice.COLUMNS + " FROM invoices WHERE organization_id = $1 AND ($2::text IS NULL OR id < $2) "
          + "ORDER BY id DESC LIMIT $3";
  // a later report of the same invoice updates it; a paid one stays paid
  private static final String UPSERT =
      "INSERT INTO invoices (id, organization_id, provider, provider_invoice_id, amount, currency, status, "
          + "period_start, period_end, hosted_url, paid_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
          + "ON CONFLICT (provider, provider_invoice_id) DO UPDATE SET amount = EXCLUDED.amount, "
          + "currency = EXCLUDED.currency, status = CASE WHEN invoices.status = 'paid' THEN 'paid' ELSE EXCLUDED.status END, "
          + "period_start = COALESCE(EXCLUDED.period_start, invoices.period_start), "
          + "period_end = COALESCE(EXCLUDED.period_end, invoices.period_end), "
          + "hosted_url = COALESCE(EXCLUDED.hosted_url, invoices.hosted_url), "
          + "paid_at = COALESCE(invoices.paid_at, EXCLUDED.paid_at) RETURNING " + Invoice.COLUMNS;

  private final Pool pool;

  public InvoiceRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Invoice>> page(String organizationId, PageRequest page) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(organizationId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Invoice::fromRow));
  }

  public Future<Invoice> record(SqlConnection tx, Invoice invoice) {
    return tx.preparedQuery(UPSERT).execute(Tuple.tuple().addValue(invoice.id()).addValue(invoice.organizationId())
            .addValue(invoice.provider()).addValue(invoice.providerInvoiceId()).addValue(invoice.amount())
            .addValue(invoice.currency()).addValue(invoice.status()).addValue(utc(invoice.periodStart()))
            .addValue(utc(invoice.periodEnd())).addValue(invoice.hostedUrl()).addValue(utc(invoice.paidAt())))
        .map(rows -> Invoice.fromRow(rows.iterator().next()));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
