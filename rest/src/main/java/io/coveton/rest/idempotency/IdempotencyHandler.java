package io.coveton.rest.idempotency;

import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.ClientAddress;
import io.coveton.rest.platform.ResponseWriter;
import io.coveton.shared.idempotency.IdempotencyRecord;
import io.coveton.shared.idempotency.IdempotencyRepository;
import io.coveton.shared.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Idempotency-Key for creating POSTs: the first result per caller and key is kept 24 hours and
 * replayed with {@code Idempotent-Replayed: true}; the same key with another request is 422, and a
 * retry while the first is still running is 409. Mounted after the authenticator where there is one.
 */
public final class IdempotencyHandler implements Handler<RoutingContext> {
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
  private final IdempotencyRepository repository;

  public IdempotencyHandler(IdempotencyRepository repository) {
    this.repository = repository;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      ctx.next();
      return;
    }
    if (!VALID_KEY.matcher(key).matches()) {
      ctx.fail(ApiException.badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters."));
      return;
    }
    Caller caller = Caller.orNull(ctx);
    String scope = caller != null ? "user:" + caller.userId() : "ip:" + ClientAddress.of(ctx);
    byte[] hash = requestHash(ctx);
    repository.claim(scope, key, hash).compose(claimed -> {
      if (claimed) {
        new IdempotentRequest(repository, scope, key).attach(ctx);
        ctx.next();
        return io.vertx.core.Future.succeededFuture();
      }
      return repository.find(scope, key).map(existing -> {
        answerFromRecord(ctx, existing, hash);
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private static void answerFromRecord(RoutingContext ctx, IdempotencyRecord existing, byte[] hash) {
    if (existing == null) {
      ctx.fail(ApiException.conflict("A request with this Idempotency-Key is still in progress."));
    } else if (!MessageDigest.isEqual(existing.requestHash(), hash)) {
      ctx.fail(ApiException.validation("Idempotency-Key",
          "was already used with a different request"));
    } else if (!existing.completed()) {
      ctx.fail(ApiException.conflict("A request with this Idempotency-Key is still in progress."));
    } else {
      ctx.response().putHeader("Idempotent-Replayed", "true");
      ResponseWriter.send(ctx, existing.statusCode(), existing.responseBody());
    }
  }

  private static byte[] requestHash(RoutingContext ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((ctx.request().method().name() + " " + ctx.request().path() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      Buffer body = ctx.body().buffer();
      if (body != null) {
        digest.update(body.getBytes());
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
