package io.coveton.rest.idempotency;

import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.ClientAddress;
import io.coveton.rest.platform.ResponseWriter;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.hashing.Sha256;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.idempotency.Idempotency;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * Idempotency-Key for creating POSTs, through the shared {@link Idempotency}: a replay answers with
 * {@code Idempotent-Replayed: true}. Mounted after the authenticator where there is one; scoped per
 * user, or per client address before sign-in.
 */
public final class IdempotencyHandler implements Handler<RoutingContext> {
  private final Idempotency idempotency;
  private final IdPrefix creates;

  public IdempotencyHandler(Idempotency idempotency) {
    this(idempotency, null);
  }

  private IdempotencyHandler(Idempotency idempotency, IdPrefix creates) {
    this.idempotency = idempotency;
    this.creates = creates;
  }

  /** The same, for a route whose handler creates its resource under the attempt's reserved id. */
  public IdempotencyHandler reserving(IdPrefix kind) {
    return new IdempotencyHandler(idempotency, kind);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      ctx.next();
      return;
    }
    if (!Idempotency.validKey(key)) {
      ctx.fail(ApiException.badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters."));
      return;
    }
    Caller caller = Caller.orNull(ctx);
    String scope = caller != null ? Idempotency.userScope(caller.userId()) : "ip:" + ClientAddress.of(ctx);
    idempotency.begin(scope, key, requestHash(ctx), creates).onSuccess(attempt -> {
      if (attempt.replayed()) {
        ctx.response().putHeader("Idempotent-Replayed", "true");
        ResponseWriter.send(ctx, attempt.first().statusCode(), attempt.first().responseBody());
      } else {
        IdempotentRequest.attach(ctx, attempt);
        ctx.next();
      }
    }).onFailure(ctx::fail);
  }

  private static byte[] requestHash(RoutingContext ctx) {
    byte[] line = (ctx.request().method().name() + " " + ctx.request().path() + "\n").getBytes(StandardCharsets.UTF_8);
    Buffer body = ctx.body().buffer();
    return body == null ? Sha256.of(line) : Sha256.of(line, body.getBytes());
  }
}
