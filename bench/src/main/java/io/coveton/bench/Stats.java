package io.coveton.bench;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run counts: connections, sends, deliveries, latencies (HdrHistogram, microseconds) and
 * errors by kind, plus, per acknowledged message, how many deliveries are still owed.
 */
public final class Stats {
  final AtomicLong connected = new AtomicLong();
  final AtomicLong connectFailures = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong acknowledged = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  private final Recorder latency = new Recorder(3);
  private final Histogram total = new Histogram(3);
  /** Latencies also kept apart by a label (the placement of sender and recipient), when one is given. */
  private final Map<String, Recorder> labelledLatency = new ConcurrentHashMap<>();
  private final Map<String, Histogram> labelledTotal = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> owed = new ConcurrentHashMap<>();
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

  long errorsStartingWith(String prefix) {
    return errors.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().get()).sum();
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

  private static long clamp(long micros) {
    return Math.max(0, Math.min(micros, 3_600_000_000L));
  }

  /** The server stored a message that {@code recipients} devices must receive. */
  void owe(String messageId, int recipients) {
    acknowledged.incrementAndGet();
    owed.computeIfAbsent(messageId, k -> new AtomicInteger()).addAndGet(recipients);
  }

  /** A recipient received a message (first time for that device). */
  void received(String messageId) {
    delivered.incrementAndGet();
    owed.computeIfAbsent(messageId, k -> new AtomicInteger()).decrementAndGet();
  }

  long undelivered() {
    return owed.values().stream().mapToLong(v -> Math.max(0, v.get())).sum();
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

  JsonObject summary(String scenario) {
    drainInterval();
    double loadSeconds = Math.max(1e-9, (loadEndNanos - loadStartNanos) / 1e9);
    double connectSeconds = Math.max(1e-9, (connectEndNanos - connectStartNanos) / 1e9);
    JsonObject errorCounts = new JsonObject();
    errors.forEach((k, v) -> errorCounts.put(k, v.get()));
    JsonObject byLabel = new JsonObject();
    new java.util.TreeMap<>(labelledTotal).forEach((label, histogram) -> byLabel.put(label, percentiles(histogram)));
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
        .put("undelivered", undelivered());
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
