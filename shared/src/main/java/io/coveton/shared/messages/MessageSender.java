package io.coveton.shared.messages;

import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.chats.Participant;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
    return send(userId, deviceId, draft, Promise.promise());
  }

  /**
   * As {@link #send(String, String, MessageDraft)}; {@code queued} completes as soon as the send has
   * its place in this node's storage order (or has failed before getting one), so that a caller can
   * keep one device's sends in the order it received them without waiting for each commit.
   */
  public Future<Message> send(String userId, String deviceId, MessageDraft draft, Promise<Void> queued) {
    long started = System.nanoTime();
    if (!IdPrefix.CHAT.matches(draft.chatId())) {
      queued.tryComplete();
      return Future.failedFuture(ApiException.notFound("Chat not found."));
    }
    Future<Message> sent = chats.participants(draft.chatId()).compose(participants -> {
      if (participants.stream().noneMatch(p -> p.userId().equals(userId))) {
        return Future.failedFuture(ApiException.notFound("Chat not found."));
      }
      Set<String> recipients = EnvelopeSet.expectedRecipients(participants, deviceId);
      EnvelopeSet.check(recipients, draft.envelopes());
      Future<StoredMessage> stored = messages.store(ids.next(IdPrefix.MESSAGE), draft, userId, deviceId);
      queued.tryComplete();
      return stored.map(done -> {
        sendToCommit.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        events.messageCreated(done, draft.envelopes());
        return done.message();
      });
    });
    return sent.onComplete(done -> queued.tryComplete());
  }
}
