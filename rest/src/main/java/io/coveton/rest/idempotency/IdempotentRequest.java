package io.coveton.rest.idempotency;

import io.coveton.shared.idempotency.IdempotentAttempt;
import io.vertx.ext.web.RoutingContext;

/** Where a request running under a claimed Idempotency-Key keeps its attempt until the answer. */
public final class IdempotentRequest {
  private static final String KEY = "coveton.idempotentAttempt";

  private IdempotentRequest() {}

  static void attach(RoutingContext ctx, IdempotentAttempt attempt) {
    ctx.put(KEY, attempt);
  }

  /** The request's attempt, or null without an Idempotency-Key. */
  public static IdempotentAttempt of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** Takes the attempt off the request, so that only one answer settles it. */
  public static IdempotentAttempt take(RoutingContext ctx) {
    return ctx.remove(KEY);
  }
}
