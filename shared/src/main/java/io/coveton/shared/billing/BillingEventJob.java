package io.coveton.shared.billing;

import io.coveton.shared.audit.Actor;
import io.coveton.shared.audit.AuditTrail;
import io.coveton.shared.billing.BillingChange.InvoiceChange;
import io.coveton.shared.billing.BillingChange.SubscriptionChange;
import io.coveton.shared.billing.PaymentEventRepository.PaymentEvent;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies recorded payment events, one per transaction (claimed with SKIP LOCKED, so any number of
 * nodes may run it): each event's changes, its audit entries and outbox events
 * ({@code subscription.updated}, {@code invoice.paid}, {@code invoice.payment_failed}), and its
 * mark as applied commit together. A subscription change older than the last one applied (by the
 * provider's own time) is ignored, so events arriving out of order never move it backwards; so is
 * one about another provider subscription than the organization's current one unless it makes the
 * organization entitled (a new subscription replacing it; the old one's cancellation changes
 * nothing). An event that fails is tried again with backoff (2 s doubling to an hour, 30 times:
 * about a day; the last error stays on its row) while later events go on; one naming no
 * organization known here is applied as nothing.
 */
public final class BillingEventJob implements PeriodicJob {
  private static final Logger LOG = LoggerFactory.getLogger(BillingEventJob.class);
  private static final int MAX_ATTEMPTS = 30;
  private final Pool pool;
  private final PaymentEventRepository events;
  private final ProviderEvents reader;
  private final PlanCatalogue plans;
  private final SubscriptionRepository subscriptions;
  private final InvoiceRepository invoices;
  private final AuditTrail trail;
  private final IdGenerator ids;
  private final Duration period;

  public BillingEventJob(Pool pool, PaymentEventRepository events, ProviderEvents reader, PlanCatalogue plans,
      SubscriptionRepository subscriptions, InvoiceRepository invoices, AuditTrail trail, IdGenerator ids,
      Duration period) {
    this.plans = plans;
    this.pool = pool;
    this.events = events;
    this.reader = reader;
    this.subscriptions = subscriptions;
    this.invoices = invoices;
    this.trail = trail;
    this.ids = ids;
    this.period = period;
  }

  @Override
  public String name() {
    return "billing-events";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public boolean clusterExclusive() {
    return false;
  }

  @Override
  public Future<Void> run() {
    return applyNext().compose(applied -> applied ? run() : Future.succeededFuture());
  }

  /** Applies the oldest due event (or records its failure); false when there was none. */
  private Future<Boolean> applyNext() {
    PaymentEvent[] claimed = new PaymentEvent[1];
    return pool.withTransaction(tx -> events.claim(tx, MAX_ATTEMPTS, 1).compose(batch -> {
      if (batch.isEmpty()) {
        return Future.succeededFuture(false);
      }
      claimed[0] = batch.get(0);
      return apply(tx, claimed[0]).compose(v -> events.applied(tx, claimed[0])).map(true);
    })).recover(error -> {
      if (claimed[0] == null) {
        return Future.failedFuture(error);
      }
      LOG.warn("payment event {} {} failed: {}", claimed[0].provider(), claimed[0].eventId(), error.toString());
      return events.failed(claimed[0], error.toString()).map(true);
    });
  }

  private Future<Void> apply(SqlConnection tx, PaymentEvent event) {
    List<BillingChange> changes = reader.read(event.provider(), event.payload());
    Future<Void> done = Future.succeededFuture();
    for (BillingChange change : changes) {
      done = done.compose(v -> organization(tx, event.provider(), change).compose(found -> {
        if (found == null) {
          LOG.info("payment event {} {} names no organization known here; ignored", event.provider(), event.eventId());
          return Future.succeededFuture();
        }
        Actor actor = new Actor(null, null, event.provider() + " webhook " + event.eventId());
        return change instanceof SubscriptionChange subscription
            ? applySubscription(tx, actor, event.provider(), found, subscription)
            : applyInvoice(tx, actor, event.provider(), found.organizationId(), (InvoiceChange) change);
      }));
    }
    return done;
  }

  /** The organization, and the plan of our checkout when the event came from one. */
  private record Found(String organizationId, String checkoutPlan) {}

  private Future<Found> organization(SqlConnection tx, String provider, BillingChange change) {
    BillingChange.Ref ref = change.ref();
    Future<SubscriptionRepository.CheckoutRef> checkout = ref.checkoutReference() == null ? Future.succeededFuture(null)
        : subscriptions.checkout(tx, provider, ref.checkoutReference());
    return checkout.compose(started -> {
      if (started != null) {
        return Future.succeededFuture(new Found(started.organizationId(), started.plan()));
      }
      if (ref.organizationId() != null) {
        return Future.succeededFuture(new Found(ref.organizationId(), null));
      }
      return subscriptions.organizationOf(tx, provider, ref.providerSubscriptionId(), ref.customerId())
          .map(org -> org == null ? null : new Found(org, null));
    });
  }

  private Future<Void> applySubscription(SqlConnection tx, Actor actor, String provider, Found found,
      SubscriptionChange change) {
    return subscriptions.lock(tx, found.organizationId()).compose(current -> {
      if (change.occurredAt() != null && current.providerUpdatedAt() != null
          && change.occurredAt().isBefore(current.providerUpdatedAt())) {
        return Future.succeededFuture();
      }
      String named = change.ref().providerSubscriptionId();
      boolean another = named != null && current.providerSubscriptionId() != null
          && !named.equals(current.providerSubscriptionId()) && provider.equals(current.provider());
      boolean entitling = "active".equals(change.status()) || "trialing".equals(change.status());
      if (another && current.entitled() && !entitling) {
        return Future.succeededFuture();
      }
      // the plan our checkout was started for wins over what an event's metadata claims
      String plan = found.checkoutPlan() != null ? found.checkoutPlan()
          : change.plan() != null ? change.plan() : current.plan();
      if (change.paid() != null && !covers(provider, plan, change.paid())) {
        LOG.warn("{} charge of {} {} does not cover plan {} for {}; not applied", provider, change.paid().amount(),
            change.paid().currency(), plan, found.organizationId());
        return Future.succeededFuture();
      }
      Subscription next = new Subscription(current.id(), current.organizationId(), plan,
          change.status() != null ? change.status() : current.status(), provider,
          change.ref().customerId() != null ? change.ref().customerId() : current.providerCustomerId(),
          change.ref().providerSubscriptionId() != null ? change.ref().providerSubscriptionId()
              : current.providerSubscriptionId(),
          change.currentPeriodEnd() != null ? change.currentPeriodEnd() : current.currentPeriodEnd(),
          change.cancelAtPeriodEnd() != null ? change.cancelAtPeriodEnd() : current.cancelAtPeriodEnd(),
          change.occurredAt() != null ? change.occurredAt() : current.providerUpdatedAt(), current.updatedAt());
      if (sameState(current, next)) {
        return subscriptions.apply(tx, next).mapEmpty();
      }
      return subscriptions.apply(tx, next).compose(updated -> trail.record(tx, actor, updated.organizationId(),
          "subscription.updated", "subscription", updated.id(), new JsonObject().put("plan", updated.plan())
              .put("status", updated.status()).put("provider", provider).put("previousPlan", current.plan())
              .put("previousStatus", current.status())));
    });
  }

  /** Whether a charge pays at least the plan's price at this provider, in its currency. */
  private boolean covers(String provider, String plan, BillingChange.Payment paid) {
    PlanCatalogue.Price price = plans.find(plan).map(p -> p.prices().get(provider)).orElse(null);
    return price != null && price.currency().equalsIgnoreCase(paid.currency()) && paid.amount() >= price.amount();
  }

  private static boolean sameState(Subscription a, Subscription b) {
    return a.plan().equals(b.plan()) && a.status().equals(b.status()) && Objects.equals(a.provider(), b.provider())
        && Objects.equals(a.currentPeriodEnd(), b.currentPeriodEnd()) && a.cancelAtPeriodEnd() == b.cancelAtPeriodEnd()
        && Objects.equals(a.providerSubscriptionId(), b.providerSubscriptionId());
  }

  private Future<Void> applyInvoice(SqlConnection tx, Actor actor, String provider, String organizationId,
      InvoiceChange change) {
    Invoice invoice = new Invoice(ids.next(IdPrefix.INVOICE), organizationId, provider, change.providerInvoiceId(),
        change.amount(), change.currency().toLowerCase(), change.status(), change.periodStart(), change.periodEnd(),
        change.hostedUrl(), change.paidAt(), null);
    return invoices.record(tx, invoice).compose(recorded -> trail.record(tx, actor, organizationId,
        change.status().equals("paid") ? "invoice.paid" : "invoice.payment_failed", "invoice", recorded.id(),
        new JsonObject().put("provider", provider).put("amount", recorded.amount()).put("currency", recorded.currency())));
  }
}
