package io.coveton.relay.session;

import io.coveton.relay.protocol.CloseHandshake;
import io.coveton.relay.protocol.Frames;
import io.coveton.shared.cluster.DeviceLocation;
import io.coveton.shared.delivery.AckUpdate;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.delivery.PendingEnvelope;
import io.coveton.shared.metrics.CovetonMetrics;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device's live connection, delivering the device's mailbox strictly in position
 * order. Everything at or below {@code readThrough} has been sent on this connection, acknowledged
 * before, or no longer exists; a pushed envelope is written only when it is the very next position,
 * and anything else (a gap, a pull in progress, a full window) reads the mailbox from
 * {@code readThrough} instead. Positions are committed in order, so a read never skips one that a
 * later push could bring. At most {@link #WINDOW} envelopes are unacknowledged at a time: a slow or
 * silent device never makes the node buffer without bound, and what is not sent stays in Postgres.
 * Every method runs on the channel's event loop.
 */
public final class DeviceConnection {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);
  static final int WINDOW = 256;
  private static final int BATCH = 64;
  private static final long SWEEP_DELAY_MILLIS = 1_000;
  private static final long RETRY_DELAY_MILLIS = 1_000;
  private static final long[] SETTLE_SWEEPS_MILLIS = {250, 1_000, 3_000};

  private final Channel channel;
  private final DeviceLocation location;
  private final String sessionId;
  private final DeliveryRepository deliveries;
  private final CovetonMetrics metrics;
  /** Sent and not yet acknowledged: by position (the oldest bounds the watermark) and by message id. */
  private final TreeMap<Long, String> inFlightByPosition = new TreeMap<>();
  private final Map<String, Long> inFlightById = new HashMap<>();
  private long readThrough;
  private long ackedThrough;
  private long backlogEnd;
  private boolean pumping;
  private boolean dirty;
  private boolean synced;
  private boolean closed;
  private boolean sweepScheduled;
  /** A pull was due but the window was full or the socket unwritable: an ack or a drain resumes it. */
  private boolean stalled;
  private Future<Void> acks = Future.succeededFuture();
  private Future<Void> sendsQueued = Future.succeededFuture();

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

  /** Reads where the mailbox stands (what is acknowledged, what was there at connect), then replays. */
  void startReplay() {
    deliveries.state(deviceId()).onComplete(result -> channel.eventLoop().execute(() -> {
      if (result.failed()) {
        LOG.warn("mailbox lookup failed for {}: {}", deviceId(), result.cause().toString());
        close(1011, "internal error");
        return;
      }
      ackedThrough = result.result().ackedThrough();
      readThrough = Math.max(readThrough, ackedThrough);
      backlogEnd = result.result().head();
      pump();
      settleSweeps();
    }));
  }

  /** New or edited envelopes are in the mailbox: read them. An edited message in flight moved. */
  void wake(String editedMessageId) {
    onLoop(() -> {
      if (editedMessageId != null) {
        Long moved = inFlightById.remove(editedMessageId);
        if (moved != null) {
          inFlightByPosition.remove(moved);
        }
      }
      pump();
    });
  }

  /**
   * A new envelope stored for this device at {@code position}. Written at once only when it is the
   * next position and the connection is caught up (backlog sent, no read running, room in the window,
   * socket writable); an older position was already sent; anything else is read in order.
   */
  void deliver(long position, String messageId, Frames.NewMessage message, String header) {
    onLoop(() -> {
      if (closed || position <= readThrough) {
        return;
      }
      boolean next = position == readThrough + 1 && synced && !pumping && header != null;
      if (!next || inFlightById.size() >= WINDOW || !channel.isWritable()) {
        pump();
        return;
      }
      readThrough = position;
      track(messageId, position);
      metrics.delivered(1, false);
      metrics.framesOut(1);
      channel.writeAndFlush(new TextWebSocketFrame(message.frameFor(header)));
      scheduleSweep();
    });
  }

  /**
   * The device acknowledged these ids: they leave the window and are never sent again. Answers what
   * to persist: the new watermark (everything below the oldest envelope still in flight, or all that
   * was read when none is) and the ids acknowledged past it. Only a connection that stopped reading
   * for want of room reads again.
   */
  AckUpdate acknowledge(List<String> messageIds) {
    List<Long> positions = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String id : messageIds) {
      Long position = inFlightById.remove(id);
      if (position != null) {
        inFlightByPosition.remove(position);
        positions.add(position);
      } else {
        unknown.add(id);
      }
    }
    long watermark = inFlightByPosition.isEmpty() ? readThrough : inFlightByPosition.firstKey() - 1;
    long moved = 0;
    if (watermark > ackedThrough) {
      ackedThrough = watermark;
      moved = watermark;
    }
    long through = ackedThrough;
    List<Long> beyond = positions.stream().filter(p -> p > through).toList();
    if (stalled) {
      pump();
    }
    return new AckUpdate(deviceId(), moved, beyond, unknown);
  }

  /**
   * Runs {@code send} once every earlier send of this connection has its place in the storage
   * order; {@code queued} tells when this one has. Sends whose checks are answered from memory go
   * through at once; one that waits (a database read, an idempotency claim) holds the later ones
   * back, so that the device's messages are stored, and delivered, in the order it sent them.
   */
  public <T> Future<T> inSendOrder(Future<Void> queued, java.util.function.Supplier<Future<T>> send) {
    Future<Void> previous = sendsQueued;
    sendsQueued = queued;
    return previous.transform(ignored -> send.get());
  }

  /**
   * Right after a device (re)connects, other nodes may still route its messages by the presence they
   * saw before (their near caches are invalidated asynchronously): a few reads over the next seconds
   * pick up whatever such a message left in the mailbox.
   */
  private void settleSweeps() {
    for (long delay : SETTLE_SWEEPS_MILLIS) {
      channel.eventLoop().schedule(this::pump, delay, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The last pushed envelope may be followed by one whose notice never comes (routed to a node that
   * died, or by a stale presence entry); a later push would reveal the gap, but if none comes, a
   * read shortly after the pushes finds it. One per interval however many were pushed.
   */
  private void scheduleSweep() {
    if (sweepScheduled) {
      return;
    }
    sweepScheduled = true;
    channel.eventLoop().schedule(() -> {
      sweepScheduled = false;
      pump();
    }, SWEEP_DELAY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Remembers an acknowledgement in progress, so that a later {@code ping} is answered after it. */
  public void trackAck(Future<Void> ack) {
    acks = Future.join(acks, ack).mapEmpty();
  }

  /** Runs once every acknowledgement received so far is settled: a pong confirms them. */
  public void afterAcks(Runnable task) {
    acks.onComplete(done -> onLoop(task));
  }

  /** The socket drained: resume sending where it stopped. */
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
      CloseHandshake.close(channel, code, reason);
    });
  }

  void markClosed() {
    closed = true;
  }

  private void track(String messageId, long position) {
    inFlightById.put(messageId, position);
    inFlightByPosition.put(position, messageId);
  }

  private void pump() {
    if (closed) {
      return;
    }
    if (pumping) {
      dirty = true;
      return;
    }
    int room = WINDOW - inFlightById.size();
    if (!channel.isWritable() || room <= 0) {
      stalled = true;
      return;
    }
    stalled = false;
    pumping = true;
    dirty = false;
    int limit = Math.min(BATCH, room);
    deliveries.pending(deviceId(), readThrough, limit)
        .onComplete(result -> channel.eventLoop().execute(() -> {
          pumping = false;
          if (result.failed()) {
            LOG.warn("mailbox read failed for {}: {}", deviceId(), result.cause().toString());
            channel.eventLoop().schedule(this::pump, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
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
    Instant now = Instant.now();
    int sent = 0;
    for (PendingEnvelope pending : batch) {
      if (pending.position() <= readThrough) {
        continue;
      }
      readThrough = pending.position();
      if (pending.expired(now)) {
        continue;
      }
      track(pending.messageId(), pending.position());
      channel.write(new TextWebSocketFrame(Frames.envelope(pending).encode()));
      sent++;
    }
    metrics.delivered(sent, !synced);
    metrics.framesOut(sent);
    if (!synced && (batch.size() < limit || readThrough >= backlogEnd)) {
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
