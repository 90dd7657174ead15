package io.coveton.shared.cluster;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;

/**
 * Announces, after commit, what the relay must push to connected devices: new, edited and deleted
 * messages, reaction and membership changes, and revoked devices. Published on the cluster event bus.
 */
public final class ChatEvents {
  private final EventBus eventBus;

  public ChatEvents(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  public void messageCreated(String chatId, String messageId, Collection<String> recipientDeviceIds) {
    send(ClusterAddresses.CHAT_EVENTS, "message.created", chatId,
        new JsonObject().put("messageId", messageId).put("deviceIds", new JsonArray(List.copyOf(recipientDeviceIds))));
  }

  public void messageEdited(String chatId, String messageId, Collection<String> recipientDeviceIds) {
    send(ClusterAddresses.CHAT_EVENTS, "message.edited", chatId,
        new JsonObject().put("messageId", messageId).put("deviceIds", new JsonArray(List.copyOf(recipientDeviceIds))));
  }

  public void messageDeleted(String chatId, String messageId) {
    send(ClusterAddresses.CHAT_EVENTS, "message.deleted", chatId, new JsonObject().put("messageId", messageId));
  }

  public void reactionUpdated(String chatId, String messageId, JsonArray reactions) {
    send(ClusterAddresses.CHAT_EVENTS, "reaction.updated", chatId,
        new JsonObject().put("messageId", messageId).put("reactions", reactions));
  }

  public void chatUpdated(String chatId) {
    send(ClusterAddresses.CHAT_EVENTS, "chat.updated", chatId, new JsonObject());
  }

  public void deviceRevoked(String userId, String deviceId) {
    eventBus.publish(ClusterAddresses.DEVICE_REVOKED, new JsonObject().put("userId", userId).put("deviceId", deviceId));
  }

  private void send(String address, String event, String chatId, JsonObject data) {
    eventBus.publish(address, new JsonObject().put("event", event).put("chatId", chatId).put("data", data));
  }
}
