package io.coveton.shared.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Vacuuming of the tables whose rows churn: mailbox heads and watermarks are updated on every send
 * and acknowledgement batch, devices and sessions on connections and requests. Left unvacuumed, their
 * dead rows grow without bound and, never analyzed, they get poor plans (seen: a `chats` of 600 rows
 * read as 22 million tuples). Postgres's autovacuum normally does this; where an operator turned it
 * off, the nodes do it themselves, one node at a time (a session advisory lock elects it).
 */
public final class TableMaintenance {
  private static final String AUTOVACUUM_ON = "SELECT current_setting('autovacuum') = 'on' AS on";
  private static final long LOCK_KEY = 0x636f7665746f6eL; // "coveton"
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1) AS locked";
  private static final String UNLOCK = "SELECT pg_advisory_unlock($1)";
  // never TRUNCATE: shrinking a queue table takes an exclusive lock that stalls every send and ack
  private static final String VACUUM_CHURNING = "VACUUM (ANALYZE, SKIP_LOCKED, TRUNCATE false) mailbox_heads, mailbox_acks, "
      + "chats, devices, sessions, refresh_tokens, idempotency_records, chat_participants, message_reactions";
  // Few dead rows here, but vacuuming also refreshes the tables' size estimates, which re-plans cached
  // statements (foreign-key checks included) planned while the tables were small: left for a minute,
  // a fresh database's batched inserts took seconds.
  private static final String VACUUM_GROWING = "VACUUM (SKIP_LOCKED, TRUNCATE false) messages, message_envelopes";
  // sampling the ciphertext column is the expensive part: done less often
  private static final String ANALYZE_GROWING = "ANALYZE (SKIP_LOCKED) messages, message_envelopes";

  private final Pool pool;

  public TableMaintenance(Pool pool) {
    this.pool = pool;
  }

  public Future<Boolean> autovacuumOn() {
    return pool.query(AUTOVACUUM_ON).execute().map(rows -> rows.iterator().next().getBoolean("on"));
  }

  /** Vacuums unless another node is doing so; answers whether this node did. */
  public Future<Boolean> vacuum(boolean analyzeGrowingTables) {
    return pool.withConnection(conn -> conn.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK_KEY)).compose(rows -> {
      if (!rows.iterator().next().getBoolean("locked")) {
        return Future.succeededFuture(false);
      }
      return vacuumWith(conn, analyzeGrowingTables)
          .eventually(() -> conn.preparedQuery(UNLOCK).execute(Tuple.of(LOCK_KEY)))
          .map(true);
    }));
  }

  private Future<Void> vacuumWith(SqlConnection conn, boolean analyzeGrowingTables) {
    Future<Void> done = conn.query(VACUUM_CHURNING).execute().compose(v -> conn.query(VACUUM_GROWING).execute())
        .mapEmpty();
    return analyzeGrowingTables ? done.compose(v -> conn.query(ANALYZE_GROWING).execute()).mapEmpty() : done;
  }
}
