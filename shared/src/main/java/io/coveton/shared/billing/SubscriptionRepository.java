package io.coveton.shared.billing;

import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** All SQL about subscriptions and checkout sessions. */
public final class SubscriptionRepository {
  private static final String ENSURE =
      "INSERT INTO subscriptions (id, organization_id, plan, status) VALUES ($1, $2, 'free', 'active') "
          + "ON CONFLICT (organization_id) DO NOTHING";
  private static final String BY_ORGANIZATION =
      "SELECT " + Subscription.COLUMNS + " FROM subscriptions WHERE organization_id = $1";
  private static final String LOCK_BY_ORGANIZATION = BY_ORGANIZATION + " FOR UPDATE";
  private static final String LOCK_BY_PROVIDER_ID =
      "SELECT " + Subscription.COLUMNS + " FROM subscriptions WHERE provider = $1 AND provider_subscription_id = $2 "
          + "FOR UPDATE";
  private static final String APPLY =
      "UPDATE subscriptions SET plan = $2, status = $3, provider = $4, provider_customer_id = $5, "
          + "provider_subscription_id = $6, current_period_end = $7, cancel_at_period_end = $8, "
          + "provider_updated_at = $9, updated_at = now() WHERE id = $1 RETURNING " + Subscription.COLUMNS;
  private static final String SAVE_CHECKOUT =
      "INSERT INTO checkout_sessions (id, organization_id, provider, plan, provider_session_id, created_by) "
          + "VALUES ($1, $2, $3, $4, $5, $6)";

  private static final String CHECKOUT_BY_ID =
      "SELECT organization_id, plan FROM checkout_sessions WHERE id = $1 AND provider = $2";
  private static final String ORGANIZATION_BY_PROVIDER_SUBSCRIPTION =
      "SELECT organization_id FROM subscriptions WHERE provider = $1 AND provider_subscription_id = $2";
  private static final String ORGANIZATION_BY_CUSTOMER =
      "SELECT organization_id FROM subscriptions WHERE provider = $1 AND provider_customer_id = $2 "
          + "ORDER BY updated_at DESC LIMIT 1";

  private final Pool pool;
  private final IdGenerator ids;

  public SubscriptionRepository(Pool pool, IdGenerator ids) {
    this.pool = pool;
    this.ids = ids;
  }

  /** The organization's subscription, made free on first need. */
  public Future<Subscription> of(String organizationId) {
    return ensure(pool, organizationId).compose(v -> pool.preparedQuery(BY_ORGANIZATION)
        .execute(Tuple.of(organizationId)).map(SubscriptionRepository::single));
  }

  /** The same, locked until the caller's transaction ends (seat checks and provider events serialize on it). */
  public Future<Subscription> lock(SqlConnection tx, String organizationId) {
    return ensure(tx, organizationId).compose(v -> tx.preparedQuery(LOCK_BY_ORGANIZATION)
        .execute(Tuple.of(organizationId)).map(SubscriptionRepository::single));
  }

  public Future<Subscription> lockByProviderId(SqlConnection tx, String provider, String providerSubscriptionId) {
    return tx.preparedQuery(LOCK_BY_PROVIDER_ID).execute(Tuple.of(provider, providerSubscriptionId))
        .map(SubscriptionRepository::single);
  }

  public Future<Subscription> apply(SqlConnection tx, Subscription next) {
    return tx.preparedQuery(APPLY).execute(Tuple.tuple().addValue(next.id()).addValue(next.plan())
            .addValue(next.status()).addValue(next.provider()).addValue(next.providerCustomerId())
            .addValue(next.providerSubscriptionId()).addValue(utc(next.currentPeriodEnd()))
            .addValue(next.cancelAtPeriodEnd()).addValue(utc(next.providerUpdatedAt())))
        .map(SubscriptionRepository::single);
  }

  public Future<Void> saveCheckout(SqlConnection tx, String id, String organizationId, String provider, String plan,
      String providerSessionId, String createdBy) {
    return tx.preparedQuery(SAVE_CHECKOUT).execute(Tuple.of(id, organizationId, provider, plan, providerSessionId,
        createdBy)).mapEmpty();
  }

  public record CheckoutRef(String organizationId, String plan) {}

  /** A checkout this server started with this provider, by its id (the reference providers carry back). */
  public Future<CheckoutRef> checkout(SqlConnection tx, String provider, String checkoutId) {
    return tx.preparedQuery(CHECKOUT_BY_ID).execute(Tuple.of(checkoutId, provider)).map(rows -> rows.size() == 0 ? null
        : new CheckoutRef(rows.iterator().next().getString("organization_id"), rows.iterator().next().getString("plan")));
  }

  /** The organization whose subscription has this provider subscription id, or else this customer id; or null. */
  public Future<String> organizationOf(SqlConnection tx, String provider, String providerSubscriptionId,
      String customerId) {
    Future<String> bySubscription = providerSubscriptionId == null ? Future.succeededFuture(null)
        : tx.preparedQuery(ORGANIZATION_BY_PROVIDER_SUBSCRIPTION).execute(Tuple.of(provider, providerSubscriptionId))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("organization_id"));
    return bySubscription.compose(found -> found != null || customerId == null ? Future.succeededFuture(found)
        : tx.preparedQuery(ORGANIZATION_BY_CUSTOMER).execute(Tuple.of(provider, customerId))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("organization_id")));
  }

  private Future<Void> ensure(SqlClient client, String organizationId) {
    return client.preparedQuery(ENSURE).execute(Tuple.of(ids.next(IdPrefix.SUBSCRIPTION), organizationId)).mapEmpty();
  }

  private static Subscription single(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Subscription.fromRow(rows.iterator().next());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
