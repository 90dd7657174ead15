package io.coveton.relay.session;

import io.coveton.relay.protocol.Frames;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
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
    if (!(chatId instanceof String id) || !IdPrefix.CHAT.matches(id)) {
      connection.send(Frames.error(null, ApiException.validation("chatId", "must be a chat id")));
      return;
    }
    participants.participants(id).onSuccess(members -> {
      if (members.stream().noneMatch(p -> p.userId().equals(connection.userId()))) {
        connection.send(Frames.error(null, ApiException.notFound("Chat not found.")));
      } else {
        events.typing(id, connection.userId(), connection.deviceId());
      }
    });
  }
}
