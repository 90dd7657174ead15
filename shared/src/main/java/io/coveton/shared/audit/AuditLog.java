package io.coveton.shared.audit;

import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The append-only audit log. Appends to one organization are serialized by a transaction-scoped
 * advisory lock, so that each entry chains to exactly one predecessor.
 */
public final class AuditLog {
  private static final String LOCK_CHAIN = "SELECT pg_advisory_xact_lock(hashtext('audit:' || $1))";
  private static final String LAST_HASH =
      "SELECT hash FROM audit_logs WHERE organization_id = $1 ORDER BY seq DESC LIMIT 1";
  private static final String INSERT =
      "INSERT INTO audit_logs (id, organization_id, actor_user_id, action, target_type, target_id, ip, user_agent, "
          + "metadata, created_at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
  private static final String PAGE =
      "SELECT " + AuditEntry.COLUMNS + " FROM audit_logs WHERE organization_id = $1 "
          + "AND ($2::text IS NULL OR seq < (SELECT seq FROM audit_logs WHERE id = $2)) "
          + "AND ($4::text IS NULL OR action = $4) AND ($5::text IS NULL OR actor_user_id = $5) "
          + "AND ($6::timestamptz IS NULL OR created_at >= $6) AND ($7::timestamptz IS NULL OR created_at < $7) "
          + "ORDER BY seq DESC LIMIT $3";
  private static final String CHAIN =
      "SELECT " + AuditEntry.COLUMNS + " FROM audit_logs WHERE organization_id = $1 ORDER BY seq";

  private final Pool pool;
  private final IdGenerator ids;

  public AuditLog(Pool pool, IdGenerator ids) {
    this.pool = pool;
    this.ids = ids;
  }

  /** Appends inside the caller's transaction, so the entry commits with the change it records. */
  public Future<Void> append(SqlConnection conn, String organizationId, Actor actor, String action, String targetType,
      String targetId, JsonObject metadata) {
    String id = ids.next(IdPrefix.AUDIT);
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String meta = (metadata == null ? new JsonObject() : metadata).encode();
    return conn.preparedQuery(LOCK_CHAIN).execute(Tuple.of(organizationId))
        .compose(v -> conn.preparedQuery(LAST_HASH).execute(Tuple.of(organizationId)))
        .compose(rows -> {
          String prev = rows.size() == 0 ? null : rows.iterator().next().getString("hash");
          String hash = AuditEntry.chainHash(prev, id, organizationId, actor.userId(), action, targetType, targetId,
              actor.ip(), actor.userAgent(), meta, at);
          return conn.preparedQuery(INSERT).execute(Tuple.tuple().addValue(id).addValue(organizationId)
              .addValue(actor.userId()).addValue(action).addValue(targetType).addValue(targetId).addValue(actor.ip())
              .addValue(actor.userAgent()).addValue(meta).addValue(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
              .addValue(prev).addValue(hash));
        })
        .mapEmpty();
  }

  /** Appends in a transaction of its own, for changes recorded after they committed elsewhere. */
  public Future<Void> record(String organizationId, Actor actor, String action, String targetType, String targetId,
      JsonObject metadata) {
    return pool.withTransaction(conn -> append(conn, organizationId, actor, action, targetType, targetId, metadata));
  }

  public Future<List<AuditEntry>> page(String organizationId, Filter filter, PageRequest page) {
    return pool.preparedQuery(PAGE).execute(Tuple.tuple().addValue(organizationId).addValue(page.before())
            .addValue(page.limit()).addValue(filter.action()).addValue(filter.actorUserId())
            .addValue(utc(filter.since())).addValue(utc(filter.until())))
        .map(rows -> PgRows.list(rows, AuditEntry::fromRow));
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /** Which entries a page holds: each criterion null for any; {@code since} inclusive, {@code until} exclusive. */
  public record Filter(String action, String actorUserId, Instant since, Instant until) {
  }

  /** Walks the organization's chain; answers the first entry whose link or hash does not hold, or null. */
  public Future<Verification> verify(String organizationId) {
    return pool.preparedQuery(CHAIN).execute(Tuple.of(organizationId)).map(rows -> {
      String previous = null;
      int count = 0;
      for (Row row : rows) {
        AuditEntry entry = AuditEntry.fromRow(row);
        count++;
        boolean linked = previous == null ? entry.prevHash() == null : previous.equals(entry.prevHash());
        if (!linked || !entry.recomputeHash().equals(entry.hash())) {
          return new Verification(false, count, entry.id());
        }
        previous = entry.hash();
      }
      return new Verification(true, count, null);
    });
  }

  /** The result of walking a chain. */
  public record Verification(boolean valid, int entriesChecked, String firstBrokenEntryId) {}
}
