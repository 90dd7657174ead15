package io.coveton.relay.session;

import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.persistence.GroupCommit;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Group commit for acknowledgements: the acks of every connection on this node that arrive while
 * the previous batch is being deleted are deleted together in one statement, so a busy node pays
 * one commit per batch instead of one per ack. Each ack's future completes when its batch is
 * committed.
 */
public final class AckBatcher {
  private static final int MAX_BATCH = 512;
  private static final int WRITES_IN_FLIGHT = 2;
  private final GroupCommit<Ack, Void> batches;

  private record Ack(String deviceId, List<String> messageIds) {}

  public AckBatcher(DeliveryRepository deliveries) {
    this.batches = new GroupCommit<>(MAX_BATCH, WRITES_IN_FLIGHT, acks -> {
      List<String> devices = new ArrayList<>();
      List<String> messages = new ArrayList<>();
      for (Ack ack : acks) {
        ack.messageIds().forEach(id -> {
          devices.add(ack.deviceId());
          messages.add(id);
        });
      }
      return deliveries.acknowledgeAll(devices, messages).map(v -> Collections.nCopies(acks.size(), null));
    });
  }

  public Future<Void> acknowledge(String deviceId, List<String> messageIds) {
    return batches.submit(new Ack(deviceId, messageIds));
  }
}
