package io.coveton.rest.organizations;

import io.coveton.rest.auth.ClientInfo;
import io.coveton.rest.platform.Caller;
import io.coveton.shared.audit.Actor;
import io.coveton.shared.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/** Runs an organization change and its audit entry in one transaction: both commit, or neither. */
public final class AuditedWrites {
  private final Pool pool;
  private final AuditLog audit;

  public AuditedWrites(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  public <T> Future<T> write(Actor actor, Function<SqlConnection, Future<T>> change, Function<T, Entry> entry) {
    return pool.withTransaction(conn -> change.apply(conn).compose(result -> {
      Entry e = entry.apply(result);
      return audit.append(conn, e.organizationId(), actor, e.action(), e.targetType(), e.targetId(), e.metadata())
          .map(result);
    }));
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
