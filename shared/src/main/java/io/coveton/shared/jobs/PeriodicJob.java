package io.coveton.shared.jobs;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Work a node does on a timer: an expiry sweep, a purge, maintenance, a metrics sample, a
 * dispatcher. The {@link JobScheduler} runs each job on its period, never two runs of one job at once
 * on a node, and, for a job that is {@link #clusterExclusive}, on one node of the cluster at a time.
 */
public interface PeriodicJob {
  /** A short stable name, used in metrics and logs and for the cluster-wide lock. */
  String name();

  Duration period();

  /** Whether at most one node may run it at a time (the others skip that turn). */
  boolean clusterExclusive();

  /** One run; a failure is counted and logged, and the job runs again next period. */
  Future<Void> run();

  /** Repeats a batched delete until a batch comes back short, so that a backlog clears within a run. */
  static Future<Void> drain(int batch, Supplier<Future<Integer>> deleteBatch) {
    return deleteBatch.get().compose(deleted -> deleted == batch ? drain(batch, deleteBatch)
        : Future.succeededFuture());
  }
}
