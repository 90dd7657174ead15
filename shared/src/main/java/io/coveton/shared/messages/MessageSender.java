package io.coveton.shared.messages;

import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.chats.Participant;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.files.FileReferences;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.idempotency.IdempotentAttempt;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends a message for a user, optionally acting as one of their devices: checks membership, the
 * envelope set and the files it references, stores it durably, then announces it. Shared by {@code POST /v1/messages} and the
 * relay's {@code send} frame, so both follow the same rules.
 */
public final class MessageSender {
  private final ParticipantCache chats;
  private final SendBatcher messages;
  private final IdGenerator ids;
  private final ChatEvents events;
  private final Timer sendToCommit;
  private final FileReferences files;

  public MessageSender(ParticipantCache chats, SendBatcher messages, IdGenerator ids, ChatEvents events,
      Timer sendToCommit, FileReferences files) {
    this.files = files;
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
    return send(userId, deviceId, draft, queued, null);
  }

  /**
   * As above, under an Idempotency-Key's attempt (or none): the message is stored under the id the
   * attempt reserved, and a resumed attempt whose message was stored by an earlier attempt answers
   * that message instead of storing a second copy.
   */
  public Future<Message> send(String userId, String deviceId, MessageDraft draft, Promise<Void> queued,
      IdempotentAttempt attempt) {
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
      return files.check(userId, draft.chatId(), draft.fileIds())
          .compose(checked -> storeOnce(attempt, userId, deviceId, draft, queued)).map(done -> {
        sendToCommit.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        events.messageCreated(done, draft.envelopes());
        return done.message();
      });
    });
    return sent.onComplete(done -> queued.tryComplete());
  }

  private Future<StoredMessage> storeOnce(IdempotentAttempt attempt, String userId, String deviceId,
      MessageDraft draft, Promise<Void> queued) {
    if (attempt == null || attempt.reservedId() == null) {
      return submit(ids.next(IdPrefix.MESSAGE), userId, deviceId, draft, queued);
    }
    if (!attempt.resumed()) {
      return submit(attempt.reservedId(), userId, deviceId, draft, queued);
    }
    return messages.stored(attempt.reservedId()).compose(earlier -> {
      if (earlier != null && earlier.message().senderUserId().equals(userId)) {
        return Future.succeededFuture(earlier);
      }
      // Not stored before: a fresh id keeps this sender's ids in storage order.
      return attempt.reserveAgain(ids.next(IdPrefix.MESSAGE))
          .compose(id -> submit(id, userId, deviceId, draft, queued));
    });
  }

  /** Hands the send to the batcher; from then on it has its place in this node's storage order. */
  private Future<StoredMessage> submit(String id, String userId, String deviceId, MessageDraft draft,
      Promise<Void> queued) {
    Future<StoredMessage> stored = messages.store(id, draft, userId, deviceId);
    queued.tryComplete();
    return stored;
  }
}
