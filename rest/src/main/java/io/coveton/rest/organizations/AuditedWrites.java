package io.coveton.rest.organizations;

import io.coveton.rest.auth.ClientInfo;
import io.coveton.rest.platform.Caller;
import io.coveton.shared.audit.Actor;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.audit.AuditTrail;
import io.coveton.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;

/**
 * Runs an organization change, its audit entry and its outbox event (named like the audit action,
 * the organization as aggregate) in one transaction: all commit, or none.
 */
public final class AuditedWrites {
  private final Pool pool;
  private final AuditTrail trail;

  public AuditedWrites(Pool pool, AuditLog audit, Outbox outbox) {
    this.pool = pool;
    this.trail = new AuditTrail(audit, outbox);
  }

  public <T> Future<T> write(Actor actor, Function<SqlConnection, Future<T>> change, Function<T, Entry> entry) {
    return writeEach(actor, change, result -> List.of(entry.apply(result)));
  }

  /** A change that records several entries (or none, when it turned out to change nothing), in order. */
  public <T> Future<T> writeEach(Actor actor, Function<SqlConnection, Future<T>> change,
      Function<T, List<Entry>> entries) {
    return pool.withTransaction(conn -> change.apply(conn).compose(result -> {
      Future<Void> written = Future.succeededFuture();
      for (Entry e : entries.apply(result)) {
        written = written.compose(v -> append(conn, actor, e));
      }
      return written.map(result);
    }));
  }

  private Future<Void> append(SqlConnection conn, Actor actor, Entry e) {
    return trail.record(conn, actor, e.organizationId(), e.action(), e.targetType(), e.targetId(), e.metadata());
  }

  public static Actor actor(RoutingContext ctx) {
    ClientInfo client = ClientInfo.of(ctx);
    return new Actor(Caller.of(ctx).userId(), client.ip(), client.userAgent());
  }

  /** What the audit log records about a change. */
  public record Entry(String organizationId, String action, String targetType, String targetId, JsonObject metadata) {
    public static Entry of(String organizationId, String action, String targetType, String targetId) {
      return new Entry(organizationId, action, targetType, targetId, new JsonObject());
    }
  }
}
