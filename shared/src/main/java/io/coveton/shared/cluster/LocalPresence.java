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
  // connected devices per user, so that isOnline does not scan every connection
  private final ConcurrentHashMap<String, Integer> devicesOnline = new ConcurrentHashMap<>();

  @Override
  public synchronized Future<DeviceLocation> connect(DeviceLocation location) {
    DeviceLocation previous = locations.put(location.deviceId, location);
    if (previous == null) {
      devicesOnline.merge(location.userId, 1, Integer::sum);
    }
    return Future.succeededFuture(previous);
  }

  @Override
  public synchronized Future<Boolean> disconnect(DeviceLocation location) {
    boolean removed = locations.remove(location.deviceId, location);
    if (removed) {
      wentOffline(location.userId);
    }
    return Future.succeededFuture(removed);
  }

  private void wentOffline(String userId) {
    devicesOnline.computeIfPresent(userId, (user, n) -> n == 1 ? null : n - 1);
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
    return Future.succeededFuture(devicesOnline.containsKey(userId));
  }

  @Override
  public synchronized Future<Set<String>> forgetNode(String nodeId) {
    Set<String> users = new HashSet<>();
    locations.values().removeIf(l -> {
      boolean gone = l.nodeId.equals(nodeId);
      if (gone) {
        users.add(l.userId);
        wentOffline(l.userId);
      }
      return gone;
    });
    return Future.succeededFuture(users);
  }
}
