package io.coveton.shared.persistence;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit with a few writes in flight: an item submitted while {@code maxInFlight} writes run
 * waits for one of them to finish and is written with everything else that arrived meanwhile, in
 * one statement and one commit. Batches grow with the load by themselves (one item at a time when
 * idle, up to {@code maxBatch} when busy) instead of waiting out a fixed window, and a burst cannot
 * open more database connections than {@code maxInFlight}. Writers must not take row locks that
 * concurrent batches contend for: batches would queue behind each other's commits.
 *
 * <p>Each submitter's future completes with its own result once its batch is written (as durable as
 * the writer makes it), or fails with the batch's failure. The next batch starts before a finished
 * batch's submitters are answered, so when writes complete at once (a closed pool failing them)
 * later batches can be answered first: items are written in order, answers are matched by item.
 * Thread-safe: items arrive from any event loop.
 *
 * @param <T> what is submitted
 * @param <R> what each submitter gets back; the writer answers one result per item, in order
 */
public final class GroupCommit<T, R> {
  private final int maxBatch;
  private final int maxInFlight;
  private final Function<List<T>, Future<List<R>>> writer;
  private List<T> items = new ArrayList<>();
  private List<Promise<R>> waiting = new ArrayList<>();
  private int inFlight;

  public GroupCommit(int maxBatch, int maxInFlight, Function<List<T>, Future<List<R>>> writer) {
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.writer = writer;
  }

  public Future<R> submit(T item) {
    Promise<R> done = Promise.promise();
    synchronized (this) {
      items.add(item);
      waiting.add(done);
      if (inFlight >= maxInFlight) {
        return done.future();
      }
      inFlight++;
    }
    writeNext();
    return done.future();
  }

  private void writeNext() {
    List<T> batch;
    List<Promise<R>> promises;
    synchronized (this) {
      if (items.isEmpty()) {
        inFlight--;
        return;
      }
      int n = Math.min(items.size(), maxBatch);
      batch = new ArrayList<>(items.subList(0, n));
      promises = new ArrayList<>(waiting.subList(0, n));
      items = new ArrayList<>(items.subList(n, items.size()));
      waiting = new ArrayList<>(waiting.subList(n, waiting.size()));
    }
    Future<List<R>> written;
    try {
      written = writer.apply(batch);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(result -> {
      // The next batch starts before this one's submitters are answered: what they do with their
      // results (a send's pushes) then overlaps the next write instead of delaying it.
      writeNext();
      // A writer answering the wrong number of results fails its batch; nothing may keep the slot.
      boolean answered = result.succeeded() && result.result().size() == promises.size();
      Throwable failure = result.failed() ? result.cause()
          : new IllegalStateException("group commit writer answered " + result.result().size() + " results for "
              + promises.size() + " items");
      for (int i = 0; i < promises.size(); i++) {
        if (answered) {
          promises.get(i).tryComplete(result.result().get(i));
        } else {
          promises.get(i).tryFail(failure);
        }
      }
    });
  }
}
