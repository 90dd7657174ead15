package io.coveton.shared.messages;

import io.coveton.shared.persistence.GroupCommit;
import io.coveton.shared.persistence.PgErrors;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Group commit for sends: every send that arrives while this node's previous batch is being stored
 * goes into the next batch, one statement and one commit. One batch is written at a time, so sends
 * take their mailbox positions in the order they reached this node: that is what keeps a sender's
 * messages in order for every recipient. Each caller's future completes only when its message is
 * durable. If a batch fails, its sends are stored one by one, still in order and still before the
 * next batch, so that one bad send fails alone; a send whose id is then already taken was stored by
 * the batch after all (its commit succeeded but the answer was lost) and is answered as stored.
 */
public final class SendBatcher {
  private static final int MAX_BATCH = 256;
  private static final int WRITES_IN_FLIGHT = 1;
  private final Store messages;
  private final GroupCommit<MessageRepository.PendingSend, Future<StoredMessage>> batches;

  /** What the batcher needs of the messages table; a seam for unit tests of the fallback rules. */
  interface Store {
    Future<List<StoredMessage>> insertAll(List<MessageRepository.PendingSend> sends);

    Future<Message> find(String id);
  }

  public SendBatcher(MessageRepository messages) {
    this(new Store() {
      @Override
      public Future<List<StoredMessage>> insertAll(List<MessageRepository.PendingSend> sends) {
        return messages.insertAll(sends);
      }

      @Override
      public Future<Message> find(String id) {
        return messages.find(id, List.of());
      }
    });
  }

  SendBatcher(Store messages) {
    this.messages = messages;
    this.batches = new GroupCommit<>(MAX_BATCH, WRITES_IN_FLIGHT, this::write);
  }

  /**
   * Queues a send; the order of calls is the order of storage. Answers once the message is durable.
   */
  public Future<StoredMessage> store(String id, MessageDraft draft, String senderUserId, String senderDeviceId) {
    return batches.submit(new MessageRepository.PendingSend(id, draft, senderUserId, senderDeviceId))
        .compose(outcome -> outcome);
  }

  private Future<List<Future<StoredMessage>>> write(List<MessageRepository.PendingSend> batch) {
    return messages.insertAll(batch)
        .map(stored -> stored.stream().map(Future::succeededFuture).toList())
        .recover(batchFailed -> batch.size() == 1 ? outcome(settle(batch.get(0), batchFailed)).map(List::of)
            : storeEachInOrder(batch));
  }

  private Future<List<Future<StoredMessage>>> storeEachInOrder(List<MessageRepository.PendingSend> batch) {
    List<Future<StoredMessage>> outcomes = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (MessageRepository.PendingSend send : batch) {
      chain = chain.compose(v -> outcome(messages.insertAll(List.of(send)).map(stored -> stored.get(0))
          .recover(failed -> settle(send, failed)))
          .map(outcome -> {
            outcomes.add(outcome);
            return null;
          }));
    }
    return chain.map(v -> outcomes);
  }

  /** Succeeds with the outcome, whichever it is, so that one send's failure does not fail its batch. */
  private static <T> Future<Future<T>> outcome(Future<T> result) {
    return result.transform(done -> Future.succeededFuture(done.succeeded() ? Future.succeededFuture(done.result())
        : Future.failedFuture(done.cause())));
  }

  /** A send that failed alone: stored anyway if its id is taken (the commit's answer was lost). */
  private Future<StoredMessage> settle(MessageRepository.PendingSend send, Throwable failure) {
    if (!PgErrors.isUniqueViolation(failure, "messages_pkey")) {
      return Future.failedFuture(failure);
    }
    return stored(send.id()).compose(found -> found != null ? Future.succeededFuture(found)
        : Future.failedFuture(failure));
  }

  /** The message already stored under this id, without its positions; null when there is none. */
  public Future<StoredMessage> stored(String id) {
    return messages.find(id).map(found -> found == null ? null : new StoredMessage(found, Map.of()));
  }
}
