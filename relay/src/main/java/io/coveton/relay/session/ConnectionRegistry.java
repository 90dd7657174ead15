package io.coveton.relay.session;

import io.coveton.relay.protocol.CloseCodes;
import io.coveton.relay.protocol.Frames;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.cluster.DeliveryRouter;
import io.coveton.shared.cluster.DeviceLocation;
import io.coveton.shared.cluster.Presence;
import io.coveton.shared.delivery.AckUpdate;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.metrics.CovetonMetrics;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's live device connections: one per device cluster-wide (a newer one replaces the older
 * with 4409), registered in the cluster's presence, and reached by what other nodes route here.
 */
public final class ConnectionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);
  private final ConcurrentHashMap<String, DeviceConnection> byDevice = new ConcurrentHashMap<>();
  private final String nodeId;
  private final Presence presence;
  private final DeliveryRouter router;
  private final DeliveryRepository deliveries;
  private final ChatEvents events;
  private final BooleanSupplier isClusterLeader;
  private final CovetonMetrics metrics;
  private final AckBatcher acks;

  public ConnectionRegistry(String nodeId, Presence presence, DeliveryRouter router, DeliveryRepository deliveries,
      ChatEvents events, BooleanSupplier isClusterLeader, CovetonMetrics metrics, AckBatcher acks) {
    this.nodeId = nodeId;
    this.presence = presence;
    this.router = router;
    this.deliveries = deliveries;
    this.events = events;
    this.isClusterLeader = isClusterLeader;
    this.metrics = metrics;
    this.acks = acks;
  }

  /**
   * Takes an authenticated connection live: replaces any older connection of the device, records
   * presence before the backlog is read (so nothing committed in between is missed), then replays.
   */
  public DeviceConnection open(Channel channel, String userId, String deviceId, String sessionId) {
    DeviceLocation location = new DeviceLocation(deviceId, userId, nodeId, "conn_" + UUID.randomUUID());
    DeviceConnection connection = new DeviceConnection(channel, location, sessionId, deliveries, metrics);
    DeviceConnection older = byDevice.put(deviceId, connection);
    if (older != null) {
      older.close(CloseCodes.REPLACED, "replaced by a newer connection");
    }
    return connection;
  }

  /** Registers presence, then starts the replay; answers when the connection is live. */
  public Future<Void> goLive(DeviceConnection connection) {
    DeviceLocation location = connection.location();
    return presence.isOnline(location.userId).compose(wasOnline -> presence.connect(location).map(previous -> {
      if (previous != null && !previous.nodeId.equals(nodeId)) {
        router.replace(previous);
      }
      connection.startReplay();
      if (!wasOnline) {
        deliveries.touchDevice(location.deviceId)
            .onSuccess(seen -> events.presenceChanged(location.userId, true, seen));
      }
      return null;
    }));
  }

  /** A connection closed: forget it, and announce the user offline if it was their last device. */
  public void closed(DeviceConnection connection) {
    connection.markClosed();
    byDevice.remove(connection.deviceId(), connection);
    DeviceLocation location = connection.location();
    presence.disconnect(location)
        .compose(wasCurrent -> wasCurrent ? presence.isOnline(location.userId) : Future.succeededFuture(true))
        .onSuccess(online -> {
          if (!online) {
            deliveries.touchDevice(location.deviceId)
                .onSuccess(seen -> events.presenceChanged(location.userId, false, seen != null ? seen : Instant.now()));
          }
        })
        .onFailure(e -> LOG.warn("presence cleanup failed for {}: {}", location, e.toString()));
  }

  /** A message routed to this node: wake pulls, push sends a frame, replace closes an older connection. */
  public void onNodeMessage(JsonObject message) {
    JsonArray devices = message.getJsonArray("deviceIds", new JsonArray());
    String kind = message.getString("kind", "");
    Frames.NewMessage newMessage = kind.equals("deliver") ? new Frames.NewMessage(message.getJsonObject("message"))
        : null;
    for (Object id : devices) {
      DeviceConnection connection = byDevice.get((String) id);
      if (connection == null) {
        continue;
      }
      switch (kind) {
        case "wake" -> connection.wake(message.getString("editedMessageId"));
        case "deliver" -> connection.deliver(message.getJsonObject("positions").getLong((String) id),
            message.getJsonObject("message").getString("id"), newMessage,
            message.getJsonObject("headers").getString((String) id));
        case "push" -> connection.push(message.getJsonObject("frame"));
        case "replace" -> {
          if (connection.location().connectionId.equals(message.getString("connectionId"))) {
            connection.close(CloseCodes.REPLACED, "replaced by a newer connection");
          }
        }
        default -> LOG.warn("unknown relay node message kind {}", kind);
      }
    }
  }

  /** Acknowledged envelopes leave the connection's window at once and are recorded in the mailbox. */
  public Future<Void> acknowledge(DeviceConnection connection, List<String> messageIds) {
    if (messageIds.isEmpty()) {
      return Future.succeededFuture();
    }
    AckUpdate update = connection.acknowledge(messageIds);
    return update.isEmpty() ? Future.succeededFuture() : acks.acknowledge(update);
  }

  public void sessionRevoked(String sessionId) {
    byDevice.values().stream().filter(c -> c.sessionId().equals(sessionId))
        .forEach(c -> c.close(CloseCodes.REVOKED, "session revoked"));
  }

  public void deviceRevoked(String deviceId) {
    DeviceConnection connection = byDevice.get(deviceId);
    if (connection != null) {
      connection.close(CloseCodes.REVOKED, "device revoked");
    }
  }

  /** A cluster member left: its connections are gone; its users may now be offline. */
  public void nodeLeft(String departedNodeId) {
    presence.forgetNode(departedNodeId).onSuccess(users -> {
      if (!isClusterLeader.getAsBoolean()) {
        return;
      }
      users.forEach(user -> presence.isOnline(user).onSuccess(online -> {
        if (!online) {
          events.presenceChanged(user, false, Instant.now());
        }
      }));
    }).onFailure(e -> LOG.warn("could not clear presence of departed node {}: {}", departedNodeId, e.toString()));
  }

  /** Graceful drain: every device is told to reconnect elsewhere (1001). */
  public List<DeviceConnection> drain() {
    List<DeviceConnection> all = List.copyOf(byDevice.values());
    all.forEach(c -> c.close(CloseCodes.GOING_AWAY, "server going away"));
    return all;
  }

  public int size() {
    return byDevice.size();
  }
}
