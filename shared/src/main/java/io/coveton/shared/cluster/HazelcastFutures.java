package io.coveton.shared.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Hazelcast futures as Vert.x futures completed on a Vert.x context. Hazelcast runs a plain
 * {@code whenComplete} callback on its default executor, which, where the common fork-join pool has
 * one thread (machines with two cores or fewer), starts a new thread for every callback; that cost
 * the cluster most of its CPU under load. The callback is handed straight to the context instead.
 */
final class HazelcastFutures {
  private HazelcastFutures() {}

  static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
    Promise<T> promise = Promise.promise();
    Executor onContext = command -> context.runOnContext(v -> command.run());
    stage.whenCompleteAsync((value, failure) -> {
      if (failure == null) {
        promise.complete(value);
      } else {
        boolean wrapped = failure instanceof CompletionException && failure.getCause() != null;
        promise.fail(wrapped ? failure.getCause() : failure);
      }
    }, onContext);
    return promise.future();
  }
}
