package io.coveton.shared.cluster;

import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presence in a Hazelcast map keyed by device id, indexed by user and node so that a user's status
 * and a departed node's connections are found without a scan. Blocking Hazelcast calls run on
 * worker threads, never on an event loop.
 */
public final class HazelcastPresence implements Presence {
  public static final String MAP_NAME = "coveton.presence";
  private final IMap<String, DeviceLocation> locations;
  private final Vertx vertx;

  public HazelcastPresence(HazelcastInstance hazelcast, Vertx vertx) {
    this.locations = hazelcast.getMap(MAP_NAME);
    this.locations.addIndex(IndexType.HASH, "userId");
    this.locations.addIndex(IndexType.HASH, "nodeId");
    this.vertx = vertx;
  }

  @Override
  public Future<DeviceLocation> connect(DeviceLocation location) {
    return HazelcastFutures.onContext(locations.putAsync(location.deviceId, location), vertx.getOrCreateContext());
  }

  @Override
  public Future<Boolean> disconnect(DeviceLocation location) {
    return HazelcastFutures.onContext(locations.submitToKey(location.deviceId, new RemoveIfCurrent(location)),
        vertx.getOrCreateContext());
  }

  @Override
  public Future<Map<String, String>> nodesOf(Collection<String> deviceIds) {
    if (deviceIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    // one asynchronous read per device, all in flight at once, served from the near cache when warm
    List<String> ids = List.copyOf(new HashSet<>(deviceIds));
    Context context = vertx.getOrCreateContext();
    List<Future<DeviceLocation>> reads = ids.stream()
        .map(id -> HazelcastFutures.onContext(locations.getAsync(id), context))
        .toList();
    return Future.all(reads).map(done -> {
      Map<String, String> nodes = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        DeviceLocation location = reads.get(i).result();
        if (location != null) {
          nodes.put(ids.get(i), location.nodeId);
        }
      }
      return nodes;
    });
  }

  @Override
  public Future<Boolean> isOnline(String userId) {
    return vertx.executeBlocking(() -> !locations.keySet(Predicates.equal("userId", userId)).isEmpty(), false);
  }

  @Override
  public Future<Set<String>> forgetNode(String nodeId) {
    return vertx.executeBlocking(() -> {
      Set<String> users = new HashSet<>();
      locations.values(Predicates.equal("nodeId", nodeId)).forEach(l -> users.add(l.userId));
      locations.removeAll(Predicates.equal("nodeId", nodeId));
      return users;
    }, false);
  }

  /** Removes the entry only if it is still the given connection (a newer one may have replaced it). */
  static final class RemoveIfCurrent implements EntryProcessor<String, DeviceLocation, Boolean> {
    private static final long serialVersionUID = 1L;
    private final DeviceLocation expected;

    RemoveIfCurrent(DeviceLocation expected) {
      this.expected = expected;
    }

    @Override
    public Boolean process(Map.Entry<String, DeviceLocation> entry) {
      if (expected.equals(entry.getValue())) {
        entry.setValue(null);
        return true;
      }
      return false;
    }
  }
}
