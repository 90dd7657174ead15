package io.coveton.rest.chats;

import io.coveton.shared.chats.Chat;
import io.coveton.shared.chats.Participant;
import java.time.Instant;
import java.util.List;

/** A chat as the contract shows it, with each participant's active devices and public keys. */
public record ChatView(
    String id, String type, String name, String organizationId, List<Participant> participants, Instant createdAt,
    Instant lastMessageAt) {
  public static ChatView of(Chat chat, List<Participant> participants) {
    return new ChatView(chat.id(), chat.type(), chat.name(), chat.organizationId(), participants, chat.createdAt(),
        chat.lastMessageAt());
  }
}
