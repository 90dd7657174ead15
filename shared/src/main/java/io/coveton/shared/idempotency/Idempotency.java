package io.coveton.shared.idempotency;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * The one Idempotency-Key mechanism, for {@code Idempotency-Key} over REST and {@code idempotencyKey}
 * on the relay's {@code send}: per caller and key, the first result is kept 24 hours and replayed; the
 * same key with another request is 422; a retry while the first attempt runs is 409. An attempt that
 * ends in a server error, 401 or 429 is released so that a retry runs again; an attempt whose node
 * died is taken over after a lease. An attempt that creates a resource does so under an id reserved
 * with the key, so a retry of an attempt whose result was never recorded finds what it stored.
 */
public final class Idempotency {
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
  private final IdempotencyRepository records;
  private final IdGenerator ids;

  public Idempotency(IdempotencyRepository records, IdGenerator ids) {
    this.records = records;
    this.ids = ids;
  }

  public static boolean validKey(String key) {
    return key != null && VALID_KEY.matcher(key).matches();
  }

  public static String userScope(String userId) {
    return "user:" + userId;
  }

  /**
   * Starts an attempt, or answers how the first one ended: a replay, or fails with 409 (still
   * running) or 422 (another request). {@code creates} is the kind of id to reserve, or null.
   */
  public Future<IdempotentAttempt> begin(String scope, String key, byte[] requestHash, IdPrefix creates) {
    String proposed = creates == null ? null : ids.next(creates);
    return records.claim(scope, key, requestHash, proposed).compose(claim -> {
      if (claim.claimed()) {
        boolean resumed = claim.reservedId() != null && !claim.reservedId().equals(proposed);
        return Future.succeededFuture(IdempotentAttempt.running(records, scope, key, claim.reservedId(), resumed));
      }
      return records.find(scope, key).compose(existing -> {
        if (existing != null && !MessageDigest.isEqual(existing.requestHash(), requestHash)) {
          return Future.failedFuture(ApiException.validation("Idempotency-Key", "was already used with a different request"));
        }
        if (existing == null || !existing.completed()) {
          return Future.failedFuture(ApiException.conflict("A request with this Idempotency-Key is still in progress."));
        }
        return Future.succeededFuture(IdempotentAttempt.replay(existing));
      });
    });
  }
}
