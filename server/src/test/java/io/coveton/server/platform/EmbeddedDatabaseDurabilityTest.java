package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.CovetonNode;
import io.coveton.shared.config.ConfigLoader;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database a node starts for itself when none is configured keeps what it acknowledged across a crash. */
class EmbeddedDatabaseDurabilityTest {
  @TempDir
  Path dataDir;

  @Test
  void embeddedPostgresRunsWithFsyncSynchronousCommitAndFullPageWrites() throws Exception {
    CovetonNode node = CovetonNode.start(ConfigLoader.from(Map.of(
        "COVETON_DATA_DIR", dataDir.toString(),
        "COVETON_HTTP_HOST", "127.0.0.1",
        "COVETON_HTTP_PORT", "0",
        "COVETON_RELAY_PORT", "0",
        "COVETON_SHUTDOWN_GRACE_SECONDS", "1")));
    try {
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
        Row row = node.pool().query("SHOW " + setting).execute()
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next();
        assertEquals("on", row.getString(0), setting);
      }
    } finally {
      node.stop();
    }
  }
}
