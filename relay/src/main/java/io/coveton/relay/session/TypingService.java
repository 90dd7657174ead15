package io.coveton.relay.session;

import io.coveton.relay.protocol.Frames;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.OpaqueId;
import io.vertx.core.json.JsonObject;

/** The {@code typing} frame: relayed to the chat's other connected devices, never stored. */
public final class TypingService {
  private final ParticipantCache participants;
  private final ChatEvents events;

  public TypingService(ParticipantCache participants, ChatEvents events) {
    this.participants = participants;
    this.events = events;
  }

  public void handle(DeviceConnection connection, JsonObject frame) {
    Object chatId = frame.getValue("chatId");
    if (!OpaqueId.wellFormed(chatId)) {
      connection.send(Frames.error(null, ApiException.validation("chatId",
          chatId == null ? "is required" : OpaqueId.DESCRIPTION)));
      return;
    }
    String id = (String) chatId;
    participants.participants(id).onSuccess(members -> {
      if (members.stream().noneMatch(p -> p.userId().equals(connection.userId()))) {
        connection.send(Frames.error(null, ApiException.notFound("Chat not found.")));
      } else {
        events.typing(id, connection.userId(), connection.deviceId());
      }
    });
  }
}
