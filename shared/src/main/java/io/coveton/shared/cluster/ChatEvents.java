package io.coveton.shared.cluster;

import io.coveton.shared.chats.ChatRepository;
import io.coveton.shared.chats.Participant;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.json.WireJson;
import io.coveton.shared.messages.Envelope;
import io.coveton.shared.messages.Message;
import io.coveton.shared.messages.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells connected devices, after commit, what changed: new and edited messages wake their recipients'
 * connections; deletions, reactions, membership changes, typing and presence are pushed as the
 * relay protocol's {@code event} frames. A failure here is logged, never turned into a failed request:
 * what was committed stays pending and is replayed.
 */
public final class ChatEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ChatEvents.class);
  private final DeliveryRouter router;
  private final ChatRepository chats;
  private final ParticipantCache participants;
  private final EventBus eventBus;

  public ChatEvents(DeliveryRouter router, ChatRepository chats, ParticipantCache participants, EventBus eventBus) {
    this.router = router;
    this.chats = chats;
    this.participants = participants;
    this.eventBus = eventBus;
  }

  /**
   * A new message: its recipients' connections get it with their own header and mailbox position, so
   * that a connection that is caught up pushes it without reading it back; others pull it in order.
   * Without positions (a send whose commit was confirmed only by reading it back) they pull it.
   */
  public void messageCreated(StoredMessage stored, List<Envelope> envelopes) {
    Message message = stored.message();
    if (stored.positions().isEmpty()) {
      logFailure("message.created", router.wake(envelopes.stream().map(Envelope::deviceId).toList(), null));
      return;
    }
    JsonObject content = new JsonObject()
        .put("id", message.id())
        .put("chatId", message.chatId())
        .put("senderUserId", message.senderUserId())
        .put("senderDeviceId", message.senderDeviceId())
        .put("contentType", message.contentType())
        .put("ciphertext", message.ciphertext())
        .put("fileIds", new io.vertx.core.json.JsonArray(message.fileIds() == null ? java.util.List.of() : message.fileIds()))
        .put("createdAt", WireJson.timestamp(message.createdAt()))
        .put("editedAt", (String) null)
        .put("expiresAt", WireJson.timestamp(message.expiresAt()));
    Map<String, String> headers = new HashMap<>();
    envelopes.forEach(e -> headers.put(e.deviceId(), e.header()));
    logFailure("message.created", router.deliver(headers, stored.positions(), content));
  }

  public void messageEdited(String chatId, String messageId, Collection<String> recipientDeviceIds) {
    logFailure("message.edited", router.wake(recipientDeviceIds, messageId));
  }

  public void messageDeleted(String chatId, String messageId) {
    toParticipants(chatId, "message.deleted", new JsonObject().put("chatId", chatId).put("messageId", messageId),
        device -> true);
  }

  public void reactionUpdated(String chatId, String messageId, JsonArray reactions) {
    toParticipants(chatId, "reaction.updated", new JsonObject().put("chatId", chatId).put("messageId", messageId)
        .put("reactions", reactions), device -> true);
  }

  public void chatUpdated(String chatId) {
    toParticipants(chatId, "chat.updated", new JsonObject().put("chatId", chatId), device -> true);
  }

  /** Typing goes to the other participants' connected devices and is never stored. */
  public void typing(String chatId, String userId, String deviceId) {
    toParticipants(chatId, "typing", new JsonObject().put("chatId", chatId).put("userId", userId)
        .put("deviceId", deviceId), device -> !device.equals(deviceId));
  }

  /** A user's first device connected or last one disconnected: tell the people they talk with. */
  public void presenceChanged(String userId, boolean online, Instant lastSeenAt) {
    JsonObject data = new JsonObject().put("userId", userId).put("status", online ? "online" : "offline")
        .put("lastSeenAt", WireJson.timestamp(lastSeenAt));
    logFailure("presence", chats.presenceAudience(userId)
        .compose(devices -> router.push(devices, frame("presence", data))));
  }

  public void deviceRevoked(String userId, String deviceId) {
    eventBus.publish(ClusterAddresses.DEVICE_REVOKED, new JsonObject().put("userId", userId).put("deviceId", deviceId));
  }

  private void toParticipants(String chatId, String event, JsonObject data, Predicate<String> deviceFilter) {
    logFailure(event, participants.participants(chatId).compose(members -> {
      List<String> devices = new ArrayList<>();
      for (Participant participant : members) {
        participant.devices().forEach(d -> {
          if (deviceFilter.test(d.id())) {
            devices.add(d.id());
          }
        });
      }
      return router.push(devices, frame(event, data));
    }));
  }

  private static JsonObject frame(String event, JsonObject data) {
    return new JsonObject().put("type", "event").put("event", event).put("data", data);
  }

  private static void logFailure(String event, Future<?> delivery) {
    delivery.onFailure(e -> LOG.warn("could not route {} to the relay: {}", event, e.toString()));
  }
}
