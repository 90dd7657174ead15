package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.NettyLeakWatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watcher that fails a class on a Netty leak does see one. */
class NettyLeakWatcherTest {
  @Test
  void anUnreleasedBufferIsReportedAndAReleasedOneIsNot() throws Exception {
    NettyLeakWatcher.detect();
    ByteBuf released = PooledByteBufAllocator.DEFAULT.buffer(16);
    released.writeInt(1);
    released.release();
    assertEquals(List.of(), NettyLeakWatcher.detect());

    leak();
    List<String> leaks = NettyLeakWatcher.detect();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (leaks.isEmpty() && System.nanoTime() < deadline) {
      leaks = NettyLeakWatcher.detect();
    }
    assertEquals(1, leaks.size(), leaks.toString());
    assertTrue(leaks.get(0).contains("ByteBuf"), leaks.get(0));
  }

  /** Unpooled: a pooled buffer object may be kept by the allocator's recycler, delaying its report. */
  private static void leak() {
    ByteBuf forgotten = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
    forgotten.writeInt(42);
  }
}
