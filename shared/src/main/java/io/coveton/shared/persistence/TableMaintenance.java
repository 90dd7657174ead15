package io.coveton.shared.persistence;

import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuuming of the tables whose rows churn: mailbox heads and watermarks are updated on every send
 * and acknowledgement batch, devices and sessions on connections and requests. Left unvacuumed, their
 * dead rows grow without bound and, never analyzed, they get poor plans (seen: a `chats` of 600 rows
 * read as 22 million tuples). Postgres's autovacuum normally does this; where an operator turned it
 * off, the nodes do it themselves, one node at a time (a cluster-exclusive job). Where autovacuum is
 * on, a run does nothing.
 */
public final class TableMaintenance implements PeriodicJob {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);
  private static final String AUTOVACUUM_ON = "SELECT current_setting('autovacuum') = 'on' AS on";
  private static final int ANALYZE_GROWING_EVERY_NTH_RUN = 30;
  // never TRUNCATE: shrinking a queue table takes an exclusive lock that stalls every send and ack
  private static final String VACUUM_CHURNING = "VACUUM (ANALYZE, SKIP_LOCKED, TRUNCATE false) mailbox_heads, "
      + "mailbox_acks, chats, devices, sessions, refresh_tokens, idempotency_records, chat_participants, "
      + "message_reactions, outbox_events, outbox_deliveries";
  // Few dead rows here, but vacuuming also refreshes the tables' size estimates, which re-plans cached
  // statements (foreign-key checks included) planned while the tables were small: left for a minute,
  // a fresh database's batched inserts took seconds.
  private static final String VACUUM_GROWING = "VACUUM (SKIP_LOCKED, TRUNCATE false) messages, message_envelopes";
  // sampling the ciphertext column is the expensive part: done less often
  private static final String ANALYZE_GROWING = "ANALYZE (SKIP_LOCKED) messages, message_envelopes";

  private final Pool pool;
  private final Duration period;
  private long runs;
  private Boolean autovacuumOn;

  public TableMaintenance(Pool pool, Duration period) {
    this.pool = pool;
    this.period = period;
  }

  @Override
  public String name() {
    return "vacuum";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public boolean clusterExclusive() {
    return true;
  }

  @Override
  public Future<Void> run() {
    Future<Boolean> on = autovacuumOn != null ? Future.succeededFuture(autovacuumOn)
        : pool.query(AUTOVACUUM_ON).execute().map(rows -> rows.iterator().next().getBoolean("on")).onSuccess(value -> {
          autovacuumOn = value;
          if (!value) {
            LOG.warn("Postgres autovacuum is off: the nodes vacuum the churning tables every {} s "
                + "(COVETON_VACUUM_SECONDS)", period.toSeconds());
          }
        });
    return on.compose(skip -> skip ? Future.succeededFuture() : vacuum(runs++ % ANALYZE_GROWING_EVERY_NTH_RUN == 0));
  }

  private Future<Void> vacuum(boolean analyzeGrowingTables) {
    Future<Void> done = pool.query(VACUUM_CHURNING).execute().compose(v -> pool.query(VACUUM_GROWING).execute())
        .mapEmpty();
    return analyzeGrowingTables ? done.compose(v -> pool.query(ANALYZE_GROWING).execute()).mapEmpty() : done;
  }
}
