package io.coveton.shared.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The node's meters, in one Prometheus registry that Vert.x's own HTTP, event-bus and pool metrics
 * share. Served at {@code /metrics}.
 */
public final class CovetonMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter framesIn;
  private final Counter framesOut;
  private final Counter deliveredLive;
  private final Counter deliveredReplayed;
  private final Timer sendToCommit;
  private final AtomicLong pendingBacklog = new AtomicLong();
  private final AtomicLong eventLoopLagMillis = new AtomicLong();

  public CovetonMetrics() {
    framesIn = Counter.builder("coveton.relay.frames").tag("direction", "in")
        .description("WebSocket frames received from devices").register(registry);
    framesOut = Counter.builder("coveton.relay.frames").tag("direction", "out")
        .description("WebSocket frames sent to devices").register(registry);
    deliveredLive = Counter.builder("coveton.relay.envelopes.delivered").tag("mode", "live")
        .description("Envelopes pushed to connected devices as they were stored").register(registry);
    deliveredReplayed = Counter.builder("coveton.relay.envelopes.delivered").tag("mode", "replay")
        .description("Envelopes pushed from the backlog on connect").register(registry);
    sendToCommit = Timer.builder("coveton.messages.send.commit")
        .description("From a send's arrival to its durable commit").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
    Gauge.builder("coveton.relay.pending.backlog", pendingBacklog, AtomicLong::get)
        .description("Envelopes stored and not yet acknowledged, all devices").register(registry);
    Gauge.builder("coveton.eventloop.lag.seconds", eventLoopLagMillis, v -> v.get() / 1000.0)
        .description("How late a 1-second timer fired on an event loop, last sample").register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  public void frameIn() {
    framesIn.increment();
  }

  public void framesOut(int count) {
    framesOut.increment(count);
  }

  public void delivered(int count, boolean replay) {
    (replay ? deliveredReplayed : deliveredLive).increment(count);
  }

  public Timer sendToCommit() {
    return sendToCommit;
  }

  public void pendingBacklog(long value) {
    pendingBacklog.set(value);
  }

  public void eventLoopLag(long millis) {
    eventLoopLagMillis.set(millis);
  }

  public Counter jobRuns(String job, String outcome) {
    return Counter.builder("coveton.job.runs").tag("job", job).tag("outcome", outcome)
        .description("Runs of a periodic job: succeeded, failed, or skipped (another node held it)").register(registry);
  }

  public void outboxWritten(String type) {
    Counter.builder("coveton.outbox.events.written").tag("type", type)
        .description("Outbox events written (committed with their change)").register(registry).increment();
  }

  /** An inbound payment webhook refused before anything changed ({@code reason}: signature, stale, malformed). */
  public void paymentWebhookRejected(String provider, String reason) {
    registry.counter("coveton.payment.webhooks.rejected", "provider", provider, "reason", reason).increment();
  }

  public void outboxDispatched(String consumer) {
    Counter.builder("coveton.outbox.events.dispatched").tag("consumer", consumer)
        .description("Outbox events a consumer handled").register(registry).increment();
  }

  public void outboxFailed(String consumer) {
    Counter.builder("coveton.outbox.events.failed").tag("consumer", consumer)
        .description("Outbox event handlings that failed (each is retried with backoff)").register(registry)
        .increment();
  }

  public void outboxOldestAge(String consumer, Supplier<Number> seconds) {
    Gauge.builder("coveton.outbox.oldest.undispatched.age", seconds).tag("consumer", consumer).baseUnit("seconds")
        .description("Age of the consumer's oldest undispatched event, last sample on this node").register(registry);
  }

  public Timer jobDuration(String job) {
    return Timer.builder("coveton.job.duration").tag("job", job).description("How long a periodic job's runs took")
        .register(registry);
  }
}
