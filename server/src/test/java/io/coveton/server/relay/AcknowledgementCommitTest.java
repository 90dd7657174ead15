package io.coveton.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Sql;
import io.coveton.shared.delivery.AckUpdate;
import io.coveton.shared.delivery.DeliveryRepository;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Acknowledgements commit without waiting for the WAL flush, and that relaxation stays inside their
 * own transaction: the pooled connection they ran on must store the next send durably.
 */
class AcknowledgementCommitTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  @Test
  void anAcknowledgementLeavesItsConnectionCommittingSynchronously() throws Exception {
    Pool oneConnection = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(server.database().connectOptions()).using(server.vertx()).build();
    try {
      DeliveryRepository deliveries = new DeliveryRepository(oneConnection);
      await(deliveries.acknowledgeAll(List.of(new AckUpdate("dev_acknowledgementcommit", 7, List.of(), List.of()))));
      assertEquals(7, Sql.count(server.database(),
          "SELECT acked_position FROM mailbox_acks WHERE device_id = 'dev_acknowledgementcommit'"), "committed");
      String mode = await(oneConnection.query("SHOW synchronous_commit").execute()).iterator().next().getString(0);
      assertEquals("on", mode, "the relaxed commit must not outlive the acknowledgement's own transaction");
    } finally {
      await(oneConnection.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
