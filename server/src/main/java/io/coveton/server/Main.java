package io.coveton.server;

import io.coveton.shared.config.ConfigLoader;
import io.coveton.shared.config.CovetonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a Coveton node from COVETON_* settings and stops it gracefully on SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      CovetonConfig config = ConfigLoader.fromEnvironment();
      CovetonNode node = CovetonNode.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "coveton-shutdown"));
    } catch (Exception e) {
      LOG.error("Coveton failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }
}
