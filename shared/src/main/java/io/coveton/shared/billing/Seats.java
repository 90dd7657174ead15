package io.coveton.shared.billing;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.organizations.InviteRepository;
import io.coveton.shared.organizations.OrganizationRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * The seat rule of a plan, checked in the transaction of the invite or acceptance with the
 * subscription row locked, so two at once cannot both take the last seat: an invite needs a seat
 * free for every active member and pending invite plus itself; an acceptance, one for every active
 * member plus the new one. A paid plan that is no longer entitled (canceled, incomplete) counts as free.
 */
public final class Seats {
  private final SubscriptionRepository subscriptions;
  private final PlanCatalogue plans;
  private final OrganizationRepository organizations;
  private final InviteRepository invites;

  public Seats(SubscriptionRepository subscriptions, PlanCatalogue plans, OrganizationRepository organizations,
      InviteRepository invites) {
    this.subscriptions = subscriptions;
    this.plans = plans;
    this.organizations = organizations;
    this.invites = invites;
  }

  public Future<Void> checkInvite(SqlConnection tx, String organizationId) {
    return seats(tx, organizationId).compose(seats -> organizations.countActiveMembers(tx, organizationId)
        .compose(members -> invites.countPending(tx, organizationId).compose(pending -> members + pending >= seats
            ? Future.failedFuture(ApiException.conflict("The plan has " + seats + " seats and " + members
                + " members and " + pending + " pending invites take them all; upgrade the plan or revoke an invite."))
            : Future.<Void>succeededFuture())));
  }

  public Future<Void> checkAccept(SqlConnection tx, String organizationId) {
    return seats(tx, organizationId).compose(seats -> organizations.countActiveMembers(tx, organizationId)
        .compose(members -> members >= seats
            ? Future.failedFuture(ApiException.conflict("The organization's plan has no free seat (" + seats
                + " seats, " + members + " members); ask an admin to upgrade it."))
            : Future.<Void>succeededFuture()));
  }

  private Future<Integer> seats(SqlConnection tx, String organizationId) {
    return subscriptions.lock(tx, organizationId).map(subscription -> plans.effective(subscription).seats());
  }
}
