package io.coveton.shared.cluster;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Which node holds each connected device, shared by the whole cluster. */
public interface Presence {

  /** Records a new connection of a device; answers the location it replaced, or null. */
  Future<DeviceLocation> connect(DeviceLocation location);

  /** Forgets a connection if it is still its device's current one; answers whether it was. */
  Future<Boolean> disconnect(DeviceLocation location);

  /** The node of each of these devices that is connected somewhere (others are absent). */
  Future<Map<String, String>> nodesOf(Collection<String> deviceIds);

  /** Whether any device of the user is connected anywhere. */
  Future<Boolean> isOnline(String userId);

  /** Forgets every connection a departed node held; answers the users who had one there. */
  Future<Set<String>> forgetNode(String nodeId);
}
