package io.coveton.server;

import com.hazelcast.core.HazelcastInstance;
import io.coveton.shared.cluster.HazelcastPresence;
import io.coveton.shared.cluster.HazelcastRateCounters;
import io.coveton.shared.cluster.LocalPresence;
import io.coveton.shared.cluster.LocalRateCounters;
import io.coveton.shared.cluster.Presence;
import io.coveton.shared.cluster.RateCounters;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * What a node shares with the rest of the cluster: request counters, device presence, its address
 * on the event bus, and whether it is the oldest member. A node running alone keeps them locally.
 */
record ClusterServices(
    RateCounters counters, Presence presence, String routingId, BooleanSupplier isLeader, IntSupplier members) {

  static ClusterServices of(Vertx vertx, HazelcastClusterManager clusterManager, String nodeId) {
    if (clusterManager == null) {
      return new ClusterServices(new LocalRateCounters(), new LocalPresence(), nodeId, () -> true, () -> 1);
    }
    HazelcastInstance hazelcast = clusterManager.getHazelcastInstance();
    return new ClusterServices(
        new HazelcastRateCounters(hazelcast, vertx),
        new HazelcastPresence(hazelcast, vertx),
        clusterManager.getNodeId(),
        () -> hazelcast.getCluster().getMembers().iterator().next().localMember(),
        () -> clusterManager.getNodes().size());
  }
}
