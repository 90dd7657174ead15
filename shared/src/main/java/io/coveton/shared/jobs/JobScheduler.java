package io.coveton.shared.jobs;

import io.coveton.shared.hashing.Sha256;
import io.coveton.shared.metrics.CovetonMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's {@link PeriodicJob}s, each on its own timer. A run starts only after the previous
 * run of the same job has finished. A cluster-exclusive job first takes a Postgres advisory lock
 * named after it on a connection of its own, held for the run: a node that does not get it skips
 * the turn, and a node that dies mid-run loses the lock with its connection. Metrics per job:
 * {@code coveton_job_runs_total{job,outcome=succeeded|failed|skipped}} and
 * {@code coveton_job_duration_seconds{job}}.
 */
public final class JobScheduler extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1) AS locked";
  private static final String UNLOCK = "SELECT pg_advisory_unlock($1)";
  private final Pool pool;
  private final List<PeriodicJob> jobs;
  private final CovetonMetrics metrics;

  public JobScheduler(Pool pool, List<PeriodicJob> jobs, CovetonMetrics metrics) {
    this.pool = pool;
    this.jobs = List.copyOf(jobs);
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    for (PeriodicJob job : jobs) {
      schedule(new Scheduled(job));
    }
    return Future.succeededFuture();
  }

  private void schedule(Scheduled scheduled) {
    vertx.setTimer(scheduled.job.period().toMillis(), id -> runOnce(scheduled).onComplete(done -> schedule(scheduled)));
  }

  /** One turn of a job, now; answers whether it ran (false: another node holds its lock). */
  private Future<Boolean> runOnce(Scheduled scheduled) {
    long started = System.nanoTime();
    Future<Boolean> ran = scheduled.job.clusterExclusive() ? runLocked(scheduled.job)
        : scheduled.job.run().map(true);
    return ran.onSuccess(didRun -> {
      (didRun ? scheduled.succeeded : scheduled.skipped).increment();
      if (didRun) {
        scheduled.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      }
    }).onFailure(e -> {
      scheduled.failed.increment();
      LOG.warn("job {} failed: {}", scheduled.job.name(), e.getMessage());
    });
  }

  private Future<Boolean> runLocked(PeriodicJob job) {
    long key = lockKey(job.name());
    return pool.withConnection(conn -> conn.preparedQuery(TRY_LOCK).execute(Tuple.of(key)).compose(rows -> {
      if (!rows.iterator().next().getBoolean("locked")) {
        return Future.succeededFuture(false);
      }
      return job.run().eventually(() -> conn.preparedQuery(UNLOCK).execute(Tuple.of(key))).map(true);
    }));
  }

  /** The advisory lock's key: 64 bits of the job name's digest, the same on every node. */
  private static long lockKey(String jobName) {
    return ByteBuffer.wrap(Sha256.of("coveton.job." + jobName)).getLong();
  }

  private final class Scheduled {
    final PeriodicJob job;
    final Counter succeeded;
    final Counter failed;
    final Counter skipped;
    final Timer duration;

    Scheduled(PeriodicJob job) {
      this.job = job;
      this.succeeded = metrics.jobRuns(job.name(), "succeeded");
      this.failed = metrics.jobRuns(job.name(), "failed");
      this.skipped = metrics.jobRuns(job.name(), "skipped");
      this.duration = metrics.jobDuration(job.name());
    }
  }
}
