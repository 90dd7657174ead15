package io.coveton.shared.notifications;

import io.coveton.shared.cluster.DeliveryRouter;
import io.coveton.shared.devices.Device;
import io.coveton.shared.devices.DeviceRepository;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a new notification to its user's connected devices, on whichever nodes hold them, as the
 * relay's {@code event: notification} frame. Best effort and never replayed: REST is the record.
 */
public final class NotificationPush {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationPush.class);
  private final DeliveryRouter router;
  private final DeviceRepository devices;

  public NotificationPush(DeliveryRouter router, DeviceRepository devices) {
    this.router = router;
    this.devices = devices;
  }

  public void push(String userId, Notification notification) {
    JsonObject frame = new JsonObject().put("type", "event").put("event", "notification")
        .put("data", notification.toJson());
    devices.allActive(userId)
        .compose(active -> router.push(active.stream().map(Device::id).toList(), frame))
        .onFailure(e -> LOG.warn("could not push notification {}: {}", notification.id(), e.toString()));
  }
}
