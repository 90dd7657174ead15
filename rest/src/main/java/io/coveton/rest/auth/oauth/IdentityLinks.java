package io.coveton.rest.auth.oauth;

import io.coveton.shared.accounts.AccountEvents;
import io.coveton.shared.accounts.Identity;
import io.coveton.shared.accounts.IdentityRepository;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.accounts.User;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * Which account a provider sign-in is: the one that already has this identity; else the account
 * with the same email, which the identity is then linked to (the provider verified the address);
 * else a new account without a password. Linking to an account whose password was chosen by someone
 * who never proved the mailbox (registered, never reset) drops that password, its sessions and its
 * devices (contacts would go on sealing message keys to them):
 * otherwise whoever registered someone else's address first could keep a way into the account its
 * real owner now uses (account pre-hijacking). The owner can set a password again by reset.
 */
final class IdentityLinks {
  private final UserRepository users;
  private final IdentityRepository identities;
  private final SessionRepository sessions;
  private final DeviceRepository devices;
  private final AccountEvents events;
  private final IdGenerator ids;
  private final Pool pool;

  IdentityLinks(Pool pool, UserRepository users, IdentityRepository identities, SessionRepository sessions,
      DeviceRepository devices, AccountEvents events, IdGenerator ids) {
    this.devices = devices;
    this.users = users;
    this.identities = identities;
    this.sessions = sessions;
    this.events = events;
    this.ids = ids;
    this.pool = pool;
  }

  /** The account and how it was found; what it revoked is to be announced once this commits. */
  record Resolved(User user, boolean newAccount, List<String> revokedSessions, List<String> revokedDevices) {}

  /**
   * Inside the caller's transaction. Two first sign-ins of one new identity at once both try to
   * create the account or the link; the loser fails on a uniqueness constraint
   * ({@link UserRepository#isEmailTaken}, {@link IdentityRepository#isLinkRace}) and the caller runs
   * it again, when it finds what the winner made.
   */
  Future<Resolved> resolve(SqlConnection tx, String provider, ProviderAccount account) {
    return identities.find(tx, provider, account.subject()).compose(identity -> {
      if (identity != null) {
        return identities.updateEmail(tx, provider, account.subject(), account.verifiedEmail())
            .compose(v -> users.findById(identity.userId()))
            .map(user -> new Resolved(user, false, List.of(), List.of()));
      }
      return users.lockByEmail(tx, account.verifiedEmail()).compose(existing -> existing == null
          ? create(tx, provider, account)
          : link(tx, provider, account, existing));
    });
  }

  private Future<Resolved> create(SqlConnection tx, String provider, ProviderAccount account) {
    return users.insertVerified(tx, ids.next(IdPrefix.USER), account.verifiedEmail(), account.displayName())
        .compose(user -> identities.link(tx, provider, account.subject(), user.id(), account.verifiedEmail())
            .map(v -> new Resolved(user, true, List.of(), List.of())));
  }

  private Future<Resolved> link(SqlConnection tx, String provider, ProviderAccount account, User existing) {
    // the account's row is locked: no other link to it can slip in between this check and the insert
    return identities.ofUser(tx, existing.id()).compose(linked -> {
      Identity sameProvider = linked.stream().filter(identity -> identity.provider().equals(provider)).findFirst()
          .orElse(null);
      if (sameProvider != null && sameProvider.subject().equals(account.subject())) {
        // a second sign-in of this identity (another tab) that waited for the first one's link
        return Future.succeededFuture(new Resolved(existing, false, List.of(), List.of()));
      }
      if (sameProvider != null) {
        return Future.failedFuture(new SignInRefused(SignInRefused.IDENTITY_CONFLICT, "The Coveton account with this "
            + "email is already linked to another " + provider + " account; sign in with that one."));
      }
      return identities.link(tx, provider, account.subject(), existing.id(), account.verifiedEmail())
          .compose(inserted -> linkNew(tx, provider, account, existing));
    });
  }

  /**
   * After a first link: the mailbox is proved now; a password and devices set up by whoever
   * registered the address without proving it go, with their sessions.
   */
  private Future<Resolved> linkNew(SqlConnection tx, String provider, ProviderAccount account, User existing) {
    boolean unproven = existing.passwordHash() != null && !existing.emailVerified();
    Future<Resolved> cleared = !unproven ? Future.succeededFuture(new Resolved(existing, false, List.of(), List.of()))
        : users.dropPassword(tx, existing.id())
            .compose(v -> sessions.revokeAll(tx, existing.id(), "identity_linked"))
            .compose(sessionIds -> devices.revokeAllOfUser(tx, existing.id())
                .map(deviceIds -> new Resolved(existing, false, sessionIds, deviceIds)));
    return cleared.compose(resolved -> users.markEmailVerified(tx, existing.id())
        .compose(v -> events.identityLinked(tx, existing.id(), provider, account.verifiedEmail(), unproven))
        .map(resolved));
  }

  Future<List<Identity>> list(String userId) {
    return identities.ofUser(userId);
  }

  /** Unlinks, unless it is the account's last way to sign in (no password, no other identity). */
  Future<Void> unlink(String userId, String provider) {
    return pool.withTransaction(tx -> users.lockById(tx, userId).compose(user -> identities.ofUser(tx, userId).compose(linked -> {
      if (linked.stream().noneMatch(identity -> identity.provider().equals(provider))) {
        return Future.failedFuture(ApiException.notFound("No " + provider + " identity is linked to this account."));
      }
      if (user.passwordHash() == null && linked.size() == 1) {
        return Future.failedFuture(ApiException.conflict("This is the account's only way to sign in: set a password "
            + "(POST /v1/auth/forgot-password) or link another provider before unlinking " + provider + "."));
      }
      return identities.unlink(tx, userId, provider).compose(v -> events.identityUnlinked(tx, userId, provider));
    })));
  }
}
