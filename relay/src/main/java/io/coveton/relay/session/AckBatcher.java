package io.coveton.relay.session;

import io.coveton.shared.delivery.AckUpdate;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.persistence.GroupCommit;
import io.vertx.core.Future;
import java.util.Collections;

/**
 * Group commit for acknowledgements: the acks of every connection on this node that arrive while
 * the previous batch is being written are folded into one statement, one watermark per device, so a
 * busy node pays one commit per batch and one row per device instead of one per envelope. Each
 * ack's future completes when its batch is committed.
 */
public final class AckBatcher {
  private static final int MAX_BATCH = 512;
  private static final int WRITES_IN_FLIGHT = 1;
  private final GroupCommit<AckUpdate, Void> batches;

  public AckBatcher(DeliveryRepository deliveries) {
    this.batches = new GroupCommit<>(MAX_BATCH, WRITES_IN_FLIGHT,
        updates -> deliveries.acknowledgeAll(updates).map(v -> Collections.nCopies(updates.size(), null)));
  }

  public Future<Void> acknowledge(AckUpdate update) {
    return batches.submit(update);
  }
}
