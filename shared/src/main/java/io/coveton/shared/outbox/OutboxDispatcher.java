package io.coveton.shared.outbox;

import io.coveton.shared.jobs.Backoff;
import io.coveton.shared.jobs.PeriodicJob;
import io.coveton.shared.metrics.CovetonMetrics;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one consumer its due events, on every node at once: each run takes up to a batch of
 * deliveries with {@code FOR UPDATE SKIP LOCKED} in one transaction (so two nodes never take the
 * same one), handles them in order, each behind a savepoint, and deletes each handled delivery in
 * that transaction. A node that dies mid-run rolls back, and another node takes the events again;
 * a failed event is retried after an exponential backoff (1 s doubling to 1 h, with jitter).
 */
public final class OutboxDispatcher implements PeriodicJob {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final int BATCH = 32;
  private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofHours(1));
  private final OutboxRepository outbox;
  private final OutboxConsumer consumer;
  private final Duration period;
  private final CovetonMetrics metrics;
  private final AtomicLong oldestAgeSeconds = new AtomicLong();

  public OutboxDispatcher(OutboxRepository outbox, OutboxConsumer consumer, Duration period, CovetonMetrics metrics) {
    this.outbox = outbox;
    this.consumer = consumer;
    this.period = period;
    this.metrics = metrics;
    metrics.outboxOldestAge(consumer.name(), oldestAgeSeconds::get);
  }

  @Override
  public String name() {
    return "outbox-" + consumer.name();
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public boolean clusterExclusive() {
    return false;
  }

  @Override
  public Future<Void> run() {
    List<Runnable> afterCommit = new ArrayList<>();
    return outbox.pool().withTransaction(tx -> outbox.claimDue(tx, consumer.name(), BATCH)
            .compose(events -> handleInOrder(tx, events, afterCommit).map(events.size())))
        .onSuccess(committed -> afterCommit.forEach(OutboxDispatcher::runQuietly))
        .compose(taken -> taken == BATCH ? run() : sampleOldest());
  }

  private static void runQuietly(Runnable effect) {
    try {
      effect.run();
    } catch (RuntimeException e) {
      LOG.warn("an after-commit effect failed: {}", e.toString());
    }
  }

  /** In event order; after a failure, the rest of that aggregate's events wait for its retry. */
  private Future<Void> handleInOrder(SqlConnection tx, List<OutboxEvent> events, List<Runnable> afterCommit) {
    Set<String> failedAggregates = new HashSet<>();
    Future<Void> chain = Future.succeededFuture();
    for (OutboxEvent event : events) {
      chain = chain.compose(v -> failedAggregates.contains(event.aggregateId()) ? Future.succeededFuture()
          : handleOne(tx, event, afterCommit).map(handled -> {
            if (!handled) {
              failedAggregates.add(event.aggregateId());
            }
            return null;
          }));
    }
    return chain;
  }

  /**
   * One event behind a savepoint: its writes and its delivery's deletion commit together, or
   * neither; answers whether it was handled (false: rescheduled).
   */
  private Future<Boolean> handleOne(SqlConnection tx, OutboxEvent event, List<Runnable> afterCommit) {
    Runnable[] effect = new Runnable[1];
    return tx.query("SAVEPOINT outbox_event").execute()
        .compose(v -> consumer.handle(tx, event))
        .compose(then -> {
          effect[0] = then;
          return outbox.done(tx, consumer.name(), event.id());
        })
        .compose(v -> tx.query("RELEASE SAVEPOINT outbox_event").execute())
        .map(v -> {
          if (effect[0] != null) {
            afterCommit.add(effect[0]);
          }
          metrics.outboxDispatched(consumer.name());
          return true;
        })
        .recover(failure -> {
          metrics.outboxFailed(consumer.name());
          LOG.warn("outbox consumer {} failed on event {} ({}), attempt {}: {}", consumer.name(), event.id(),
              event.type(), event.attempt(), failure.getMessage());
          return tx.query("ROLLBACK TO SAVEPOINT outbox_event").execute()
              .compose(v -> outbox.retryLater(tx, consumer.name(), event.id(), BACKOFF.after(event.attempt()),
                  failure.getMessage()))
              .map(false);
        });
  }

  private Future<Void> sampleOldest() {
    return outbox.oldestUndispatched(consumer.name()).map(oldest -> {
      oldestAgeSeconds.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toSeconds()));
      return null;
    });
  }
}
