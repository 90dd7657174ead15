package io.coveton.bench;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run counts: connections, sends and their answers, deliveries (first receipts), redeliveries,
 * out-of-order receipts, latencies (HdrHistogram, microseconds), errors by kind, and deliveries still owed.
 */
public final class Stats {
  final AtomicLong connected = new AtomicLong();
  final AtomicLong connectFailures = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  /** Sends the server stored ({@code sent}, {@code 201}, or NATS's PONG). */
  final AtomicLong acknowledged = new AtomicLong();
  /** Sends answered either way: stored or refused. */
  final AtomicLong answered = new AtomicLong();
  /** First receipts; redeliveries count as duplicates. */
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong outOfOrder = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  private final Recorder latency = new Recorder(3);
  private final Histogram total = new Histogram(3);
  /** Latencies also kept apart by a label (the placement of sender and recipient), when one is given. */
  private final Map<String, Recorder> labelledLatency = new ConcurrentHashMap<>();
  private final Map<String, Histogram> labelledTotal = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  /** Deliveries owed for stored messages: a counter, so that millions of messages cost no memory. */
  private final AtomicLong owed = new AtomicLong();
  /** Figures a scenario adds to the summary (replay time, preload sizes). */
  private final JsonObject extras = new JsonObject();
  private volatile long lastDeliveryNanos;
  private volatile long connectStartNanos;
  private volatile long connectEndNanos;
  private volatile long loadStartNanos;
  private volatile long loadEndNanos;
  private volatile long baselineAcknowledged;
  private volatile long baselineDelivered;
  private volatile long baselineRequests;

  void error(String kind) {
    errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  long errorTotal() {
    return errors.values().stream().mapToLong(AtomicLong::get).sum();
  }

  void latencyMicros(long micros) {
    latency.recordValue(clamp(micros));
  }

  void latencyMicros(String label, long micros) {
    latencyMicros(micros);
    labelledLatency.computeIfAbsent(label, k -> new Recorder(3)).recordValue(clamp(micros));
  }

  /** One step of a multi-step operation: reported by label only, apart from the operation's latency. */
  void stepMicros(String step, long micros) {
    labelledLatency.computeIfAbsent(step, k -> new Recorder(3)).recordValue(clamp(micros));
  }

  private static long clamp(long micros) {
    return Math.max(0, Math.min(micros, 3_600_000_000L));
  }

  /** The server stored a message that {@code recipients} devices (now online) must receive in this run. */
  void owe(int recipients) {
    acknowledged.incrementAndGet();
    answered.incrementAndGet();
    owed.addAndGet(recipients);
  }

  /** The server refused a send. */
  void refused(String kind) {
    answered.incrementAndGet();
    error(kind);
  }

  /** Counts one receipt; true when it is the message's first for that device (latency is recorded then). */
  boolean received(DeliveryOrder.Receipt receipt) {
    if (receipt == DeliveryOrder.Receipt.DUPLICATE) {
      duplicates.incrementAndGet();
      return false;
    }
    if (receipt == DeliveryOrder.Receipt.OUT_OF_ORDER) {
      outOfOrder.incrementAndGet();
    }
    delivered.incrementAndGet();
    lastDeliveryNanos = System.nanoTime();
    return true;
  }

  long undelivered() {
    return Math.max(0, owed.get() - delivered.get());
  }

  /** When the latest first receipt arrived (System.nanoTime), 0 before any. */
  long lastDeliveryNanos() {
    return lastDeliveryNanos;
  }

  synchronized void report(String field, Object value) {
    extras.put(field, value);
  }

  void connectPhase(long start, long end) {
    connectStartNanos = start;
    connectEndNanos = end;
  }

  /** Warm-up is over: latencies and rates count from now on. */
  synchronized void measureFromNow() {
    latency.getIntervalHistogram();
    total.reset();
    labelledLatency.values().forEach(Recorder::getIntervalHistogram);
    labelledTotal.clear();
    baselineAcknowledged = acknowledged.get();
    baselineDelivered = delivered.get();
    baselineRequests = requests.get();
  }

  void loadPhase(long start, long end) {
    loadStartNanos = start;
    loadEndNanos = end;
  }

  synchronized Histogram drainInterval() {
    Histogram interval = latency.getIntervalHistogram();
    total.add(interval);
    labelledLatency.forEach((label, recorder) ->
        labelledTotal.computeIfAbsent(label, k -> new Histogram(3)).add(recorder.getIntervalHistogram()));
    return interval;
  }

  synchronized JsonObject summary(String scenario) {
    drainInterval();
    double loadSeconds = Math.max(1e-9, (loadEndNanos - loadStartNanos) / 1e9);
    double connectSeconds = Math.max(1e-9, (connectEndNanos - connectStartNanos) / 1e9);
    JsonObject errorCounts = new JsonObject();
    errors.forEach((k, v) -> errorCounts.put(k, v.get()));
    JsonObject byLabel = new JsonObject();
    new TreeMap<>(labelledTotal).forEach((label, histogram) -> byLabel.put(label, percentiles(histogram)));
    return new JsonObject()
        .put("scenario", scenario)
        .put("connections", connected.get())
        .put("connectFailures", connectFailures.get())
        .put("connectPerSecond", Math.round(connected.get() / connectSeconds))
        .put("loadSeconds", Math.round(loadSeconds * 10) / 10.0)
        .put("sent", sent.get())
        .put("acknowledged", acknowledged.get())
        .put("delivered", delivered.get())
        .put("requests", requests.get())
        .put("sendsPerSecond", Math.round((acknowledged.get() - baselineAcknowledged) / loadSeconds))
        .put("deliveriesPerSecond", Math.round((delivered.get() - baselineDelivered) / loadSeconds))
        .put("requestsPerSecond", Math.round((requests.get() - baselineRequests) / loadSeconds))
        .put("latencyMillis", percentiles(total))
        .put("latencyMillisByPlacement", byLabel)
        .put("errors", errorCounts)
        .put("undelivered", undelivered())
        .put("duplicates", duplicates.get())
        .put("outOfOrder", outOfOrder.get())
        .mergeIn(extras.copy());
  }

  private static JsonObject percentiles(Histogram histogram) {
    return new JsonObject()
        .put("p50", millis(histogram.getValueAtPercentile(50)))
        .put("p90", millis(histogram.getValueAtPercentile(90)))
        .put("p99", millis(histogram.getValueAtPercentile(99)))
        .put("p99.9", millis(histogram.getValueAtPercentile(99.9)))
        .put("max", millis(histogram.getMaxValue()))
        .put("samples", histogram.getTotalCount());
  }

  private static double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
