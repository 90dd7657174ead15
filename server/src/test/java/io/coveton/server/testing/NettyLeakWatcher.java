package io.coveton.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer (or any other tracked resource): Netty only
 * logs leaks, which lets a leak pass every test. Registered for every class of the module (see
 * {@code META-INF/services} and {@code junit-platform.properties}); the surefire configuration runs
 * the detector at PARANOID, so every buffer is tracked. Netty notices a leak only once the buffer
 * has been collected and a later allocation polls for it, so after each class this collects garbage
 * and allocates; a leak found here may come from the class before, which its message says.
 */
public final class NettyLeakWatcher implements AfterAllCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    // before any buffer class creates its detector: every detector reports to this watcher
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
          long maxActive) {
        ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval, maxActive);
        detector.setLeakListener((type, records) -> {
          synchronized (LEAKS) {
            LEAKS.add(type + (records.isEmpty() ? "" : ":\n" + records));
          }
        });
        return detector;
      }
    });
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    List<String> leaks = detect();
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " Netty resource leak(s) reported during or before "
          + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
    }
  }

  /** Collects garbage, lets Netty poll for collected unreleased resources, and answers (and forgets) them. */
  public static List<String> detect() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(50);
      for (int i = 0; i < 64; i++) {
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
        probe.release();
      }
    }
    synchronized (LEAKS) {
      List<String> found = List.copyOf(LEAKS);
      LEAKS.clear();
      return found;
    }
  }
}
