package io.coveton.shared.cluster;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gets word to the relay nodes that hold the given devices' connections, and to no other node: one
 * event-bus message per node, addressed to that node. Devices connected nowhere are skipped; they
 * get what is pending when they connect.
 */
public final class DeliveryRouter {
  private static final String NODE_ADDRESS_PREFIX = "coveton.relay.node.";
  private final Presence presence;
  private final EventBus eventBus;

  public DeliveryRouter(Presence presence, EventBus eventBus) {
    this.presence = presence;
    this.eventBus = eventBus;
  }

  public static String nodeAddress(String nodeId) {
    return NODE_ADDRESS_PREFIX + nodeId;
  }

  /** New or edited pending deliveries for these devices: their connections pull them in order. */
  public Future<Void> wake(Collection<String> deviceIds, String editedMessageId) {
    JsonObject message = new JsonObject().put("kind", "wake");
    if (editedMessageId != null) {
      message.put("editedMessageId", editedMessageId);
    }
    return route(deviceIds, message);
  }

  /**
   * A new message for these devices, with each one's header and mailbox position: one event-bus
   * message per node holding some of them, carrying only those devices' headers and positions.
   */
  public Future<Void> deliver(Map<String, String> headersByDevice, Map<String, Long> positionsByDevice,
      JsonObject message) {
    return presence.nodesOf(headersByDevice.keySet()).map(nodes -> {
      Map<String, List<String>> byNode = new HashMap<>();
      nodes.forEach((device, node) -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(device));
      byNode.forEach((node, devices) -> {
        JsonObject headers = new JsonObject();
        JsonObject positions = new JsonObject();
        devices.forEach(device -> {
          headers.put(device, headersByDevice.get(device));
          positions.put(device, positionsByDevice.get(device));
        });
        eventBus.send(nodeAddress(node), new JsonObject().put("kind", "deliver").put("message", message)
            .put("headers", headers).put("positions", positions).put("deviceIds", new JsonArray(devices)));
      });
      return null;
    });
  }

  /** An ephemeral frame pushed as is to whichever of these devices are connected. */
  public Future<Void> push(Collection<String> deviceIds, JsonObject frame) {
    return route(deviceIds, new JsonObject().put("kind", "push").put("frame", frame));
  }

  /** Tells the node holding an older connection of a device to close it (4409). */
  public void replace(DeviceLocation older) {
    eventBus.send(nodeAddress(older.nodeId), new JsonObject().put("kind", "replace")
        .put("deviceIds", new JsonArray().add(older.deviceId)).put("connectionId", older.connectionId));
  }

  private Future<Void> route(Collection<String> deviceIds, JsonObject message) {
    return presence.nodesOf(deviceIds).map(nodes -> {
      Map<String, List<String>> byNode = new HashMap<>();
      nodes.forEach((device, node) -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(device));
      byNode.forEach((node, devices) ->
          eventBus.send(nodeAddress(node), message.copy().put("deviceIds", new JsonArray(devices))));
      return null;
    });
  }
}
