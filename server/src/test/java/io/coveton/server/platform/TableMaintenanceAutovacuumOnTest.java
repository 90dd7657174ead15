package io.coveton.server.platform;

import static io.coveton.server.platform.TableMaintenanceTest.CHURNING;
import static io.coveton.server.platform.TableMaintenanceTest.lastVacuum;
import static io.coveton.server.platform.TableMaintenanceTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.coveton.server.testing.CovetonServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where the Postgres server's autovacuum is on, the nodes leave vacuuming to it. */
class TableMaintenanceAutovacuumOnTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .onOwnPostgres(Map.of("autovacuum", "on")).with("COVETON_VACUUM_SECONDS", "1");

  @Test
  void theNodesLeaveVacuumingToPostgres() throws Exception {
    assertEquals("on", query(server, "SELECT current_setting('autovacuum')", null));
    Thread.sleep(3_000);
    for (String table : CHURNING) {
      assertNull(lastVacuum(server, table), table + " vacuumed by the node although autovacuum is on");
    }
  }
}
