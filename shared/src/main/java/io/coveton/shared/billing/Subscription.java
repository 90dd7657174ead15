package io.coveton.shared.billing;

import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** An organization's subscription; {@code provider} and its ids are null while it is the free plan. */
public record Subscription(String id, String organizationId, String plan, String status, String provider,
    String providerCustomerId, String providerSubscriptionId, Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
    Instant providerUpdatedAt, Instant updatedAt) {
  static final String COLUMNS = "id, organization_id, plan, status, provider, provider_customer_id, "
      + "provider_subscription_id, current_period_end, cancel_at_period_end, provider_updated_at, updated_at";

  static Subscription fromRow(Row row) {
    return new Subscription(row.getString("id"), row.getString("organization_id"), row.getString("plan"),
        row.getString("status"), row.getString("provider"), row.getString("provider_customer_id"),
        row.getString("provider_subscription_id"), PgRows.instant(row, "current_period_end"),
        row.getBoolean("cancel_at_period_end"), PgRows.instant(row, "provider_updated_at"),
        PgRows.instant(row, "updated_at"));
  }

  /** What the plan entitles the organization to now: a paid plan counts while active, trialing or past due. */
  public boolean entitled() {
    return status.equals("active") || status.equals("trialing") || status.equals("past_due");
  }
}
