package io.coveton.relay.session;

import io.coveton.relay.protocol.Frames;
import io.coveton.shared.cluster.DeviceLocation;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.delivery.PendingEnvelope;
import io.coveton.shared.metrics.CovetonMetrics;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device's live connection. Envelopes are pulled from Postgres in stored order and
 * pushed while the socket is writable, with at most {@link #WINDOW} unacknowledged at a time: a slow
 * or silent device never makes the node buffer without bound, and what is not pushed stays pending.
 * Every method runs on the channel's event loop.
 */
public final class DeviceConnection {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);
  static final int WINDOW = 256;
  private static final int BATCH = 64;
  private static final int RECENT_ACKS = 64;

  private final Channel channel;
  private final DeviceLocation location;
  private final String sessionId;
  private final DeliveryRepository deliveries;
  private final CovetonMetrics metrics;
  private final Map<String, Long> inFlight = new LinkedHashMap<>();
  /**
   * The newest acknowledged ids: a delivery notice can arrive after a pull already sent the message
   * and the device acknowledged it, and must not send it a second time.
   */
  private final Map<String, Boolean> recentlyAcknowledged = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > RECENT_ACKS;
    }
  };
  private boolean pumping;
  private boolean dirty;
  private boolean synced;
  private long backlogEnd;
  private boolean closed;
  private boolean sweepScheduled;
  /** A pull was due but the window was full or the socket unwritable: an ack or a drain resumes it. */
  private boolean stalled;
  private static final long SWEEP_DELAY_MILLIS = 1_000;
  private static final long RETRY_DELAY_MILLIS = 1_000;
  private static final long[] SETTLE_SWEEPS_MILLIS = {250, 1_000, 3_000};
  private Future<Void> acks = Future.succeededFuture();

  DeviceConnection(Channel channel, DeviceLocation location, String sessionId, DeliveryRepository deliveries,
      CovetonMetrics metrics) {
    this.channel = channel;
    this.metrics = metrics;
    this.location = location;
    this.sessionId = sessionId;
    this.deliveries = deliveries;
  }

  public DeviceLocation location() {
    return location;
  }

  public String deviceId() {
    return location.deviceId;
  }

  public String userId() {
    return location.userId;
  }

  public String sessionId() {
    return sessionId;
  }

  public Channel channel() {
    return channel;
  }

  /** Notes what was pending at connect time, then starts pushing it; {@code synced} follows it. */
  void startReplay() {
    deliveries.newestPending(deviceId()).onComplete(result -> channel.eventLoop().execute(() -> {
      if (result.failed()) {
        LOG.warn("backlog lookup failed for {}: {}", deviceId(), result.cause().toString());
        close(1011, "internal error");
        return;
      }
      backlogEnd = result.result();
      pump();
      settleSweeps();
    }));
  }

  /** New or edited envelopes are pending: pull them. An edited message in flight is sent again. */
  void wake(String editedMessageId) {
    onLoop(() -> {
      if (editedMessageId != null) {
        inFlight.remove(editedMessageId);
      }
      pump();
    });
  }

  /**
   * The device acknowledged these messages: they leave the window and are never sent again. Only a
   * connection that stopped pulling for want of room pulls again; a caught-up one has nothing to read.
   */
  public void acknowledged(List<String> messageIds) {
    onLoop(() -> {
      messageIds.forEach(id -> {
        inFlight.remove(id);
        recentlyAcknowledged.put(id, Boolean.TRUE);
      });
      if (stalled) {
        pump();
      }
    });
  }

  /**
   * A new message stored for this device. When the connection is caught up (backlog sent, no pull
   * running, room in the window, socket writable) it is pushed as it came, without reading it back;
   * otherwise it is pulled in order like any pending envelope.
   */
  void deliver(long seq, JsonObject message, String header) {
    onLoop(() -> {
      if (closed) {
        return;
      }
      boolean caughtUp = synced && !pumping && !dirty && inFlight.size() < WINDOW && channel.isWritable();
      if (!caughtUp || header == null) {
        pump();
        return;
      }
      String messageId = message.getString("id");
      if (inFlight.containsKey(messageId) || recentlyAcknowledged.containsKey(messageId)) {
        return;
      }
      inFlight.put(messageId, seq);
      metrics.delivered(1, false);
      metrics.framesOut(1);
      JsonObject envelope = message.copy().put("header", header);
      channel.writeAndFlush(new TextWebSocketFrame(new JsonObject().put("type", "envelope")
          .put("event", "message.created").put("message", envelope).encode()));
      scheduleSweep();
    });
  }

  /**
   * Right after a device (re)connects, other nodes may still route its messages by the presence they
   * saw before (their near caches are invalidated asynchronously): a few pulls over the next seconds
   * pick up whatever such a message left pending.
   */
  private void settleSweeps() {
    for (long delay : SETTLE_SWEEPS_MILLIS) {
      channel.eventLoop().schedule(this::pump, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A pushed message may have overtaken one whose notice never came (routed to a node that died, or
   * by a stale presence entry): shortly after pushing, pull whatever else is pending. One sweep per
   * interval however many messages were pushed, so a busy connection reads rarely.
   */
  private void scheduleSweep() {
    if (sweepScheduled) {
      return;
    }
    sweepScheduled = true;
    channel.eventLoop().schedule(() -> {
      sweepScheduled = false;
      pump();
    }, SWEEP_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Remembers an acknowledgement in progress, so that a later {@code ping} is answered after it. */
  public void trackAck(Future<Void> ack) {
    acks = Future.join(acks, ack).mapEmpty();
  }

  /** Runs once every acknowledgement received so far is settled: a pong confirms them. */
  public void afterAcks(Runnable task) {
    acks.onComplete(done -> onLoop(task));
  }

  /** The socket drained: resume pushing where it stopped. */
  public void writable() {
    pump();
  }

  /** An ephemeral event: sent if the socket can take it now, dropped otherwise (never stored). */
  void push(JsonObject frame) {
    onLoop(() -> {
      if (!closed && channel.isWritable()) {
        send(frame);
      }
    });
  }

  public void send(JsonObject frame) {
    metrics.framesOut(1);
    channel.writeAndFlush(new TextWebSocketFrame(frame.encode()));
  }

  public void close(int code, String reason) {
    onLoop(() -> {
      if (closed) {
        return;
      }
      closed = true;
      if (channel.isActive()) {
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
      }
    });
  }

  void markClosed() {
    closed = true;
  }

  private void pump() {
    if (closed) {
      return;
    }
    if (pumping) {
      dirty = true;
      return;
    }
    int room = WINDOW - inFlight.size();
    if (!channel.isWritable() || room <= 0) {
      stalled = true;
      return;
    }
    stalled = false;
    pumping = true;
    dirty = false;
    int limit = Math.min(BATCH, room);
    deliveries.pending(deviceId(), inFlight.values().stream().mapToLong(Long::longValue).toArray(), limit)
        .onComplete(result -> channel.eventLoop().execute(() -> {
          pumping = false;
          if (result.failed()) {
            LOG.warn("pending lookup failed for {}: {}", deviceId(), result.cause().toString());
            channel.eventLoop().schedule(this::pump, RETRY_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
          }
          List<PendingEnvelope> batch = result.result();
          deliverBatch(batch, limit);
          if (!closed && (dirty || batch.size() == limit)) {
            pump();
          }
        }));
  }

  private void deliverBatch(List<PendingEnvelope> batch, int limit) {
    if (closed) {
      return;
    }
    long newestSent = 0;
    metrics.delivered(batch.size(), !synced);
    metrics.framesOut(batch.size());
    for (PendingEnvelope pending : batch) {
      inFlight.put(pending.messageId(), pending.seq());
      channel.write(new TextWebSocketFrame(Frames.envelope(pending).encode()));
      newestSent = Math.max(newestSent, pending.seq());
    }
    if (!synced && (batch.size() < limit || newestSent >= backlogEnd)) {
      synced = true;
      channel.write(new TextWebSocketFrame(Frames.synced().encode()));
    }
    channel.flush();
  }

  private void onLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
    } else {
      channel.eventLoop().execute(task);
    }
  }
}
