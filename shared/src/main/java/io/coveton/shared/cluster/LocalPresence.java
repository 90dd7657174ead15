package io.coveton.shared.cluster;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of a node that runs alone. */
public final class LocalPresence implements Presence {
  private final ConcurrentHashMap<String, DeviceLocation> locations = new ConcurrentHashMap<>();

  @Override
  public Future<DeviceLocation> connect(DeviceLocation location) {
    return Future.succeededFuture(locations.put(location.deviceId, location));
  }

  @Override
  public Future<Boolean> disconnect(DeviceLocation location) {
    return Future.succeededFuture(locations.remove(location.deviceId, location));
  }

  @Override
  public Future<Map<String, String>> nodesOf(Collection<String> deviceIds) {
    Map<String, String> nodes = new HashMap<>();
    deviceIds.forEach(id -> {
      DeviceLocation location = locations.get(id);
      if (location != null) {
        nodes.put(id, location.nodeId);
      }
    });
    return Future.succeededFuture(nodes);
  }

  @Override
  public Future<Boolean> isOnline(String userId) {
    return Future.succeededFuture(locations.values().stream().anyMatch(l -> l.userId.equals(userId)));
  }

  @Override
  public Future<Set<String>> forgetNode(String nodeId) {
    Set<String> users = new HashSet<>();
    locations.values().removeIf(l -> {
      boolean gone = l.nodeId.equals(nodeId);
      if (gone) {
        users.add(l.userId);
      }
      return gone;
    });
    return Future.succeededFuture(users);
  }
}
