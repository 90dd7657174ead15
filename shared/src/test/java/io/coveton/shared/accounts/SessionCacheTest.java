package io.coveton.shared.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Session> table = new HashMap<>();
  private final Deque<Promise<Session>> loadsInFlight = new ArrayDeque<>();
  private int loads;
  private boolean holdLoads;

  /** Reads the table, or, while loads are held, answers what the table held when the load began. */
  private Future<Session> load(String id) {
    loads++;
    Session atStart = table.get(id);
    if (!holdLoads) {
      return Future.succeededFuture(atStart);
    }
    Promise<Session> pending = Promise.promise();
    loadsInFlight.add(pending);
    return pending.future().map(v -> atStart);
  }

  private final SessionCache cache = new SessionCache(this::load, vertx.eventBus());

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void anActiveSessionIsReadOnceAndThenAnsweredFromMemory() {
    table.put("ses_a", active("ses_a"));
    assertEquals("ses_a", cache.findActive("ses_a").result().id());
    assertEquals("ses_a", cache.findActive("ses_a").result().id());
    assertEquals(1, loads);
  }

  @Test
  void aLoadThatRacedWithARevocationAnswersButIsNotKept() {
    table.put("ses_a", active("ses_a"));
    holdLoads = true;
    Future<Session> racing = cache.findActive("ses_a");
    table.put("ses_a", revoked("ses_a"));
    cache.revoked("ses_a");
    loadsInFlight.poll().complete();
    assertEquals("ses_a", racing.result().id(), "the load read the session before it was revoked");

    holdLoads = false;
    assertNull(cache.findActive("ses_a").result(), "the stale load was not remembered: the next check reads again");
    assertEquals(2, loads);
  }

  @Test
  void aRevocationForgetsARememberedSessionAtOnce() {
    table.put("ses_a", active("ses_a"));
    cache.findActive("ses_a");
    table.put("ses_a", revoked("ses_a"));
    cache.revoked("ses_a");
    assertNull(cache.findActive("ses_a").result());
  }

  @Test
  void aRevocationNoticeFromAnotherNodeForgetsTheSession() throws Exception {
    table.put("ses_a", active("ses_a"));
    cache.findActive("ses_a");
    table.put("ses_a", revoked("ses_a"));
    SessionCache otherNode = new SessionCache(this::load, vertx.eventBus());
    otherNode.revoked("ses_a");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (cache.findActive("ses_a").result() != null && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertNull(cache.findActive("ses_a").result());
  }

  @Test
  void revokedAndExpiredSessionsAreNeverRemembered() {
    table.put("ses_r", revoked("ses_r"));
    table.put("ses_x", new Session("ses_x", "usr_a", null, null, null, Instant.EPOCH, null,
        Instant.now().minus(1, ChronoUnit.MINUTES), null));
    assertNull(cache.findActive("ses_r").result());
    assertNull(cache.findActive("ses_x").result());
    table.put("ses_r", active("ses_r"));
    assertSame(table.get("ses_r"), cache.findActive("ses_r").result());
    assertEquals(3, loads);
  }

  private static Session active(String id) {
    return new Session(id, "usr_a", "127.0.0.1", "test", null, Instant.now(), null,
        Instant.now().plus(1, ChronoUnit.DAYS), null);
  }

  private static Session revoked(String id) {
    Session active = active(id);
    return new Session(id, active.userId(), active.ip(), active.userAgent(), null, active.createdAt(), null,
        active.expiresAt(), Instant.now());
  }
}
