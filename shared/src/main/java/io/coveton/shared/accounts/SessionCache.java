package io.coveton.shared.accounts;

import io.coveton.shared.cluster.ClusterAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Active sessions remembered per node, so that checking an access token's session (every
 * authenticated request and relay connect) does not read Postgres each time. A revocation forgets
 * the session at once on the node that revoked it and, through the cluster event bus
 * ({@link ClusterAddresses#SESSION_REVOKED}, which also closes the session's relay connections), on
 * every other node. Entries expire after {@value #FRESH_SECONDS} seconds, which bounds what a lost
 * notice could cost; only active sessions are remembered, and a load that raced with a revocation
 * is not kept.
 */
public final class SessionCache {
  static final int FRESH_SECONDS = 10;
  private static final long FRESH_NANOS = FRESH_SECONDS * 1_000_000_000L;
  private static final int MAX_ENTRIES = 100_000;
  private final Function<String, Future<Session>> load;
  private final EventBus eventBus;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  private record Entry(Session session, long loadedAtNanos) {}

  public SessionCache(SessionRepository sessions, EventBus eventBus) {
    this(sessions::findById, eventBus);
  }

  /** {@code load} reads a session by id (null when there is none); a seam for unit tests of the races. */
  SessionCache(Function<String, Future<Session>> load, EventBus eventBus) {
    this.load = load;
    this.eventBus = eventBus;
    eventBus.<String>consumer(ClusterAddresses.SESSION_REVOKED, message -> forget(message.body()));
  }

  /** The session if it is still active; null when unknown, revoked or expired. */
  public Future<Session> findActive(String sessionId) {
    Instant now = Instant.now();
    Entry entry = entries.get(sessionId);
    if (entry != null && System.nanoTime() - entry.loadedAtNanos() < FRESH_NANOS && entry.session().active(now)) {
      return Future.succeededFuture(entry.session());
    }
    long loadGeneration = generation.get();
    return load.apply(sessionId).map(session -> {
      if (session == null || !session.active(Instant.now())) {
        entries.remove(sessionId);
        return null;
      }
      if (generation.get() == loadGeneration) {
        if (entries.size() >= MAX_ENTRIES) {
          entries.clear();
        }
        entries.put(sessionId, new Entry(session, System.nanoTime()));
      }
      return session;
    });
  }

  /** The session was used at {@code at} (and its last-seen time written): remember that too. */
  public void seen(Session session, Instant at) {
    entries.computeIfPresent(session.id(), (id, entry) -> new Entry(new Session(session.id(), session.userId(),
        session.ip(), session.userAgent(), session.location(), session.createdAt(), at, session.expiresAt(),
        session.revokedAt()), entry.loadedAtNanos()));
  }

  /** The session was revoked (already written to Postgres): forget it here and on every node. */
  public void revoked(String sessionId) {
    forget(sessionId);
    eventBus.publish(ClusterAddresses.SESSION_REVOKED, sessionId);
  }

  private void forget(String sessionId) {
    generation.incrementAndGet();
    entries.remove(sessionId);
  }
}
