package io.coveton.shared.messages;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for sends: sends that arrive within a millisecond of each other are stored by one
 * statement and one commit. Each caller's future completes only when its message is durable. If a
 * batch fails, its sends are stored one by one, so that one bad send fails alone.
 */
public final class SendBatcher {
  private static final long WINDOW_MILLIS = 1;
  private static final int MAX_BATCH = 128;
  private final Vertx vertx;
  private final MessageRepository messages;
  private List<MessageRepository.PendingSend> sends = new ArrayList<>();
  private List<Promise<Message>> waiting = new ArrayList<>();
  private boolean scheduled;

  public SendBatcher(Vertx vertx, MessageRepository messages) {
    this.vertx = vertx;
    this.messages = messages;
  }

  public Future<Message> store(String id, MessageDraft draft, String senderUserId, String senderDeviceId) {
    if (!draft.fileIds().isEmpty()) {
      return messages.insert(id, draft, senderUserId, senderDeviceId);
    }
    Promise<Message> stored = Promise.promise();
    synchronized (this) {
      sends.add(new MessageRepository.PendingSend(id, draft, senderUserId, senderDeviceId));
      waiting.add(stored);
      if (sends.size() >= MAX_BATCH) {
        flush();
      } else if (!scheduled) {
        scheduled = true;
        vertx.setTimer(WINDOW_MILLIS, t -> {
          synchronized (this) {
            flush();
          }
        });
      }
    }
    return stored.future();
  }

  /** Called with the lock held. */
  private void flush() {
    scheduled = false;
    if (sends.isEmpty()) {
      return;
    }
    List<MessageRepository.PendingSend> batch = sends;
    List<Promise<Message>> promises = waiting;
    sends = new ArrayList<>();
    waiting = new ArrayList<>();
    messages.insertAll(batch).onComplete(result -> {
      if (result.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          promises.get(i).complete(result.result().get(i));
        }
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        MessageRepository.PendingSend send = batch.get(i);
        messages.insert(send.id(), send.draft(), send.senderUserId(), send.senderDeviceId())
            .onComplete(promises.get(i));
      }
    });
  }
}
