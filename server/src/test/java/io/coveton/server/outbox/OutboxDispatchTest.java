package io.coveton.server.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.TestDatabases;
import io.coveton.shared.metrics.CovetonMetrics;
import io.coveton.shared.outbox.Outbox;
import io.coveton.shared.outbox.OutboxConsumer;
import io.coveton.shared.outbox.OutboxDispatcher;
import io.coveton.shared.outbox.OutboxEvent;
import io.coveton.shared.outbox.OutboxRepository;
import io.coveton.shared.persistence.DatabaseLocation;
import io.coveton.shared.persistence.Migrations;
import io.coveton.shared.persistence.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two dispatchers of one consumer on separate pools (as two nodes) drain the outbox together: every
 * event is handled successfully exactly once, each aggregate's events in commit order, and an event
 * whose first handling fails is retried after its backoff while its aggregate's later events wait.
 */
class OutboxDispatchTest {
  private static final int AGGREGATES = 4;
  private static final int EVENTS_PER_AGGREGATE = 25;
  private static DatabaseLocation database;
  private static Vertx vertx;

  @BeforeAll
  static void database() {
    database = TestDatabases.create();
    Migrations.apply(database);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TestDatabases.drop(database);
  }

  @Test
  void twoNodesHandleEachEventOnceInOrderPerAggregateWithRetries() throws Exception {
    Recorder recorder = new Recorder();
    CovetonMetrics metrics = new CovetonMetrics();
    Outbox outbox = new Outbox(List.of(recorder), metrics);
    Pool nodeA = PgPools.create(vertx, database, 4);
    Pool nodeB = PgPools.create(vertx, database, 4);
    for (int i = 0; i < EVENTS_PER_AGGREGATE; i++) {
      for (int a = 0; a < AGGREGATES; a++) {
        JsonObject payload = new JsonObject().put("sequence", i).put("failFirst", a == 1 && i == 3);
        String aggregate = "agg-" + a;
        await(nodeA.withTransaction(tx -> outbox.emit(tx, "test.happened", aggregate, payload)));
      }
    }
    OutboxDispatcher onA = new OutboxDispatcher(new OutboxRepository(nodeA), recorder, Duration.ofMillis(10), metrics);
    OutboxDispatcher onB = new OutboxDispatcher(new OutboxRepository(nodeB), recorder, Duration.ofMillis(10), metrics);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (recorder.succeeded().size() < AGGREGATES * EVENTS_PER_AGGREGATE && System.nanoTime() < deadline) {
      await(Future.all(onA.run(), onB.run(), onA.run(), onB.run()));
      Thread.sleep(20);
    }
    List<OutboxEvent> handled = recorder.succeeded();
    assertEquals(AGGREGATES * EVENTS_PER_AGGREGATE, handled.size(), "every event handled once");
    assertEquals(handled.size(), handled.stream().map(OutboxEvent::id).distinct().count(), "no event twice");
    Map<String, List<Integer>> sequences = new HashMap<>();
    handled.forEach(e -> sequences.computeIfAbsent(e.aggregateId(), k -> new ArrayList<>())
        .add(e.payload().getInteger("sequence")));
    for (List<Integer> sequence : sequences.values()) {
      for (int i = 0; i < sequence.size(); i++) {
        assertEquals(i, sequence.get(i), "events of an aggregate in commit order: " + sequence);
      }
    }
    OutboxEvent retried = handled.stream().filter(e -> e.payload().getBoolean("failFirst")).findFirst().orElseThrow();
    assertEquals(2, retried.attempt(), "the failed event succeeded on its second attempt");
    assertTrue(recorder.failures() == 1);
    await(nodeA.close());
    await(nodeB.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Records successful handlings in the order they happened; fails the marked event's first attempt. */
  private static final class Recorder implements OutboxConsumer {
    private final List<OutboxEvent> succeeded = Collections.synchronizedList(new ArrayList<>());
    private int failures;

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public Set<String> eventTypes() {
      return Set.of("test.happened");
    }

    @Override
    public synchronized Future<Runnable> handle(SqlConnection tx, OutboxEvent event) {
      if (event.payload().getBoolean("failFirst") && event.attempt() == 1) {
        failures++;
        return Future.failedFuture("first attempt fails");
      }
      succeeded.add(event);
      return Future.succeededFuture(null);
    }

    List<OutboxEvent> succeeded() {
      synchronized (succeeded) {
        return new ArrayList<>(succeeded);
      }
    }

    synchronized int failures() {
      return failures;
    }
  }
}
