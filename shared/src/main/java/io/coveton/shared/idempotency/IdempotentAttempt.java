package io.coveton.shared.idempotency;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * One attempt under an Idempotency-Key: either a replay of the first result, or an attempt this
 * caller runs and then {@link #finish}es. A running attempt has the id its resource is created under
 * ({@link #reservedId}); {@link #resumed} says an earlier attempt with that id may have stored it.
 */
public final class IdempotentAttempt {
  private final IdempotencyRepository records;
  private final String scope;
  private final String key;
  private final IdempotencyRecord replay;
  private String reservedId;
  private final boolean resumed;

  private IdempotentAttempt(IdempotencyRepository records, String scope, String key, IdempotencyRecord replay,
      String reservedId, boolean resumed) {
    this.records = records;
    this.scope = scope;
    this.key = key;
    this.replay = replay;
    this.reservedId = reservedId;
    this.resumed = resumed;
  }

  static IdempotentAttempt running(IdempotencyRepository records, String scope, String key, String reservedId,
      boolean resumed) {
    return new IdempotentAttempt(records, scope, key, null, reservedId, resumed);
  }

  static IdempotentAttempt replay(IdempotencyRecord first) {
    return new IdempotentAttempt(null, null, null, first, null, false);
  }

  public boolean replayed() {
    return replay != null;
  }

  /** The first attempt's status and body; only for a replay. */
  public IdempotencyRecord first() {
    return replay;
  }

  public String reservedId() {
    return reservedId;
  }

  public boolean resumed() {
    return resumed;
  }

  /**
   * Moves the reservation to a new id, durably, before a resumed attempt that found nothing stored
   * creates its resource under it (so the resource's id stays in creation order).
   */
  public Future<String> reserveAgain(String id) {
    return records.reserve(scope, key, id).map(v -> {
      reservedId = id;
      return id;
    });
  }

  /** Whether a result is kept and replayed, or the key freed so that a retry runs again. */
  public static boolean keeps(int status) {
    return status < 500 && status != 429 && status != 401;
  }

  /**
   * Records the result to replay, or releases the key; never fails. If recording fails, the key is
   * released: a retry then resumes under the same reserved id instead of creating a second resource.
   */
  public Future<Void> finish(int status, Buffer body) {
    if (replayed()) {
      return Future.succeededFuture();
    }
    Future<Void> settled = keeps(status)
        ? records.complete(scope, key, status, body).recover(notRecorded -> records.release(scope, key))
        : records.release(scope, key);
    return settled.recover(e -> Future.succeededFuture());
  }
}
