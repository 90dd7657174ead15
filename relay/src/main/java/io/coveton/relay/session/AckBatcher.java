package io.coveton.relay.session;

import io.coveton.shared.delivery.DeliveryRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for acknowledgements: the acks of every connection on this node that arrive within a
 * few milliseconds are deleted in one statement, so a busy node pays one commit per batch instead of
 * one per ack. Each ack's future completes when its batch is committed.
 */
public final class AckBatcher {
  private static final long WINDOW_MILLIS = 3;
  private static final int MAX_BATCH = 2000;
  private final Vertx vertx;
  private final DeliveryRepository deliveries;
  private List<String> devices = new ArrayList<>();
  private List<String> messages = new ArrayList<>();
  private List<Promise<Void>> waiting = new ArrayList<>();
  private boolean scheduled;

  public AckBatcher(Vertx vertx, DeliveryRepository deliveries) {
    this.vertx = vertx;
    this.deliveries = deliveries;
  }

  public synchronized Future<Void> acknowledge(String deviceId, List<String> messageIds) {
    Promise<Void> done = Promise.promise();
    messageIds.forEach(id -> {
      devices.add(deviceId);
      messages.add(id);
    });
    waiting.add(done);
    if (messages.size() >= MAX_BATCH) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      vertx.setTimer(WINDOW_MILLIS, id -> flush());
    }
    return done.future();
  }

  private synchronized void flush() {
    scheduled = false;
    if (messages.isEmpty()) {
      return;
    }
    List<Promise<Void>> batch = waiting;
    Future<Void> deleted = deliveries.acknowledgeAll(devices, messages);
    devices = new ArrayList<>();
    messages = new ArrayList<>();
    waiting = new ArrayList<>();
    deleted.onComplete(result -> batch.forEach(p -> {
      if (result.succeeded()) {
        p.tryComplete();
      } else {
        p.tryFail(result.cause());
      }
    }));
  }
}
