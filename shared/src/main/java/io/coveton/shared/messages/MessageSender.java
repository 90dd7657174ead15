package io.coveton.shared.messages;

import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.chats.Participant;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends a message for a user, optionally acting as one of their devices: checks membership and the
 * envelope set, stores it durably, then announces it. Shared by {@code POST /v1/messages} and the
 * relay's {@code send} frame, so both follow the same rules.
 */
public final class MessageSender {
  private final ParticipantCache chats;
  private final SendBatcher messages;
  private final IdGenerator ids;
  private final ChatEvents events;
  private final Timer sendToCommit;

  public MessageSender(ParticipantCache chats, SendBatcher messages, IdGenerator ids, ChatEvents events,
      Timer sendToCommit) {
    this.chats = chats;
    this.messages = messages;
    this.ids = ids;
    this.events = events;
    this.sendToCommit = sendToCommit;
  }

  public Future<Message> send(String userId, String deviceId, MessageDraft draft) {
    long started = System.nanoTime();
    if (!IdPrefix.CHAT.matches(draft.chatId())) {
      return Future.failedFuture(ApiException.notFound("Chat not found."));
    }
    return chats.participants(draft.chatId()).compose(participants -> {
      if (participants.stream().noneMatch(p -> p.userId().equals(userId))) {
        return Future.failedFuture(ApiException.notFound("Chat not found."));
      }
      Set<String> recipients = EnvelopeSet.expectedRecipients(participants, deviceId);
      EnvelopeSet.check(recipients, draft.envelopes());
      return messages.store(ids.next(IdPrefix.MESSAGE), draft, userId, deviceId)
          .onSuccess(stored -> {
            sendToCommit.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            events.messageCreated(stored, draft.envelopes());
          });
    });
  }
}
