package io.coveton.rest.billing;

import io.coveton.shared.billing.Subscription;
import java.time.Instant;

/** The subscription as the API answers it; {@code seats}: what the plan allows now. */
record SubscriptionView(String id, String organizationId, String plan, String status, String provider,
    Instant currentPeriodEnd, boolean cancelAtPeriodEnd, int seats) {
  static SubscriptionView of(Subscription s, int seats) {
    return new SubscriptionView(s.id(), s.organizationId(), s.plan(), s.status(), s.provider(), s.currentPeriodEnd(),
        s.cancelAtPeriodEnd(), seats);
  }
}
