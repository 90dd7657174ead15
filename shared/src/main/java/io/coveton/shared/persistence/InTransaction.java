package io.coveton.shared.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * What else a repository's change must write in its own transaction (its audit entries, its
 * outbox events), given the change's result: both commit, or neither.
 */
@FunctionalInterface
public interface InTransaction<T> {
  Future<Void> write(SqlConnection tx, T result);

  /** This, then {@code next}, in the same transaction. */
  default InTransaction<T> and(InTransaction<T> next) {
    return (tx, result) -> write(tx, result).compose(v -> next.write(tx, result));
  }

  static <T> InTransaction<T> nothing() {
    return (tx, result) -> Future.succeededFuture();
  }
}
