package io.coveton.rest.idempotency;

import io.coveton.shared.idempotency.IdempotencyRepository;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** A request running under a claimed Idempotency-Key, waiting for its first result to be recorded. */
public final class IdempotentRequest {
  private static final String KEY = "coveton.idempotentRequest";
  private final IdempotencyRepository repository;
  private final String scope;
  private final String key;

  IdempotentRequest(IdempotencyRepository repository, String scope, String key) {
    this.repository = repository;
    this.scope = scope;
    this.key = key;
  }

  void attach(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  public static IdempotentRequest of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public static void clear(RoutingContext ctx) {
    ctx.remove(KEY);
  }

  /** Stores the result to replay; a storage failure only loses the replay, never the answer. */
  public Future<Void> complete(int status, Buffer body) {
    return repository.complete(scope, key, status, body).recover(e -> Future.succeededFuture());
  }

  /** Frees the key so that a retry runs again (after a server error, say). */
  public Future<Void> release() {
    return repository.release(scope, key).recover(e -> Future.succeededFuture());
  }
}
