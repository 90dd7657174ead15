package io.coveton.shared.messages;

import io.coveton.shared.persistence.GroupCommit;
import io.coveton.shared.persistence.PgErrors;
import io.vertx.core.Future;
import java.util.List;

/**
 * Group commit for sends: every send that arrives while this node's previous batch is being stored
 * goes into the next batch, one statement and one commit. Each caller's future completes only when
 * its message is durable. If a batch fails, its sends are stored one by one, so that one bad send
 * fails alone; a send whose id is then already taken was stored by the batch after all (its commit
 * succeeded but the answer was lost) and is answered as stored.
 */
public final class SendBatcher {
  private static final int MAX_BATCH = 256;
  private static final int WRITES_IN_FLIGHT = 2;
  private final MessageRepository messages;
  private final GroupCommit<MessageRepository.PendingSend, Message> batches;

  public SendBatcher(MessageRepository messages) {
    this.messages = messages;
    this.batches = new GroupCommit<>(MAX_BATCH, WRITES_IN_FLIGHT, messages::insertAll);
  }

  public Future<Message> store(String id, MessageDraft draft, String senderUserId, String senderDeviceId) {
    if (!draft.fileIds().isEmpty()) {
      return messages.insert(id, draft, senderUserId, senderDeviceId);
    }
    return batches.submit(new MessageRepository.PendingSend(id, draft, senderUserId, senderDeviceId))
        .recover(batchFailed -> messages.insert(id, draft, senderUserId, senderDeviceId)
            .recover(insertFailed -> PgErrors.isUniqueViolation(insertFailed, "messages_pkey")
                ? messages.find(id, List.of()).compose(stored -> stored != null
                    ? Future.succeededFuture(stored) : Future.failedFuture(insertFailed))
                : Future.failedFuture(insertFailed)));
  }
}
