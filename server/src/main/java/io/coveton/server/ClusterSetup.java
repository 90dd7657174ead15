package io.coveton.server;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.NetworkConfig;
import io.coveton.shared.config.CovetonConfig;
import java.io.FileNotFoundException;
import java.util.List;

/** Turns the COVETON_CLUSTER_* settings and a configuration from cluster-config/ into a Hazelcast Config. */
final class ClusterSetup {
  private ClusterSetup() {}

  static Config hazelcastConfig(CovetonConfig.ClusterSettings settings) {
    Config config = load(settings.config());
    config.setClusterName(settings.name());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port());
    if (network.getJoin().getTcpIpConfig().isEnabled()) {
      network.getJoin().getTcpIpConfig().setMembers(List.copyOf(settings.members()));
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(settings.host()));
    }
    return config;
  }

  private static Config load(String name) {
    if (name.equals("loopback") || name.equals("kubernetes")) {
      return new ClasspathXmlConfig("coveton/cluster/" + name + ".xml");
    }
    try {
      return new FileSystemXmlConfig(name);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("COVETON_CLUSTER_CONFIG: no such file " + name, e);
    }
  }
}
