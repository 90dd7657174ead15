package io.coveton.shared.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  /** A writer whose batches stay open until the test completes them, so every interleaving is chosen. */
  private static final class HeldWriter {
    final List<List<String>> batches = new ArrayList<>();
    final List<Promise<List<String>>> commits = new ArrayList<>();

    Future<List<String>> write(List<String> batch) {
      batches.add(List.copyOf(batch));
      Promise<List<String>> commit = Promise.promise();
      commits.add(commit);
      return commit.future();
    }

    void commit(int batch) {
      commits.get(batch).complete(batches.get(batch).stream().map(item -> item + ":stored").toList());
    }
  }

  @Test
  void oneWriteInFlightTakesWhatArrivedMeanwhileInSubmissionOrderUpToTheBatchLimit() {
    HeldWriter writer = new HeldWriter();
    GroupCommit<String, String> commit = new GroupCommit<>(3, 1, writer::write);
    Future<String> a = commit.submit("a");
    List<Future<String>> later = List.of("b", "c", "d", "e").stream().map(commit::submit).toList();
    assertEquals(List.of(List.of("a")), writer.batches, "the idle first item is written alone, at once");

    writer.commit(0);
    assertEquals("a:stored", a.result());
    assertEquals(List.of("b", "c", "d"), writer.batches.get(1), "the next batch starts only after the first");
    assertFalse(later.get(0).isComplete(), "a submitter hears back only when its own batch is durable");

    writer.commit(1);
    assertEquals(List.of("e"), writer.batches.get(2));
    writer.commit(2);
    assertEquals(List.of("b:stored", "c:stored", "d:stored", "e:stored"), later.stream().map(Future::result).toList());
    assertEquals(3, writer.batches.size());

    commit.submit("f");
    assertEquals(List.of("f"), writer.batches.get(3), "an idle committer writes at once again");
  }

  @Test
  void theNextBatchIsUnderWayBeforeTheSubmittersOfTheLastAreAnswered() {
    HeldWriter writer = new HeldWriter();
    GroupCommit<String, String> commit = new GroupCommit<>(10, 1, writer::write);
    List<Integer> batchesWhenAnswered = new ArrayList<>();
    commit.submit("a").onSuccess(stored -> batchesWhenAnswered.add(writer.batches.size()));
    commit.submit("b");
    writer.commit(0);
    assertEquals(List.of(2), batchesWhenAnswered, "b's write had started when a heard back");
    assertEquals(List.of("b"), writer.batches.get(1));
  }

  @Test
  void severalWritesInFlightNeverExceedTheLimit() {
    HeldWriter writer = new HeldWriter();
    GroupCommit<String, String> commit = new GroupCommit<>(10, 2, writer::write);
    commit.submit("a");
    commit.submit("b");
    Future<String> c = commit.submit("c");
    Future<String> d = commit.submit("d");
    assertEquals(List.of(List.of("a"), List.of("b")), writer.batches);
    writer.commit(1);
    assertEquals(List.of("c", "d"), writer.batches.get(2), "a freed slot takes everything waiting");
    writer.commit(2);
    assertEquals("d:stored", d.result());
    assertTrue(c.succeeded());
  }

  @Test
  void aFailedBatchFailsOnlyItsOwnItemsAndTheNextBatchStillRuns() {
    HeldWriter writer = new HeldWriter();
    GroupCommit<String, String> commit = new GroupCommit<>(10, 1, writer::write);
    Future<String> a = commit.submit("a");
    Future<String> b = commit.submit("b");
    Future<String> c = commit.submit("c");
    IllegalStateException broken = new IllegalStateException("connection lost");
    writer.commits.get(0).fail(broken);
    assertTrue(a.failed());
    assertEquals(broken, a.cause());
    assertEquals(List.of("b", "c"), writer.batches.get(1));
    writer.commit(1);
    assertEquals("b:stored", b.result());
    assertEquals("c:stored", c.result());
  }

  @Test
  void aWriterAnsweringTheWrongNumberOfResultsFailsItsBatchAndFreesTheSlot() {
    HeldWriter writer = new HeldWriter();
    GroupCommit<String, String> commit = new GroupCommit<>(10, 1, writer::write);
    Future<String> a = commit.submit("a");
    Future<String> b = commit.submit("b");
    Future<String> c = commit.submit("c");
    writer.commits.get(0).complete(List.of());
    assertTrue(a.failed());
    assertTrue(a.cause().getMessage().contains("0 results for 1 items"), a.cause().getMessage());
    writer.commits.get(1).complete(List.of("only one"));
    assertTrue(b.failed());
    assertTrue(c.failed(), "every item of a miscounted batch fails, none gets another's result");
    commit.submit("d");
    assertEquals(List.of("d"), writer.batches.get(2), "the slot was given back");
  }

  @Test
  void aWriterThatThrowsFailsItsBatchAndFreesTheSlot() {
    List<List<String>> seen = new ArrayList<>();
    GroupCommit<String, String> commit = new GroupCommit<>(10, 1, batch -> {
      seen.add(List.copyOf(batch));
      if (batch.contains("poison")) {
        throw new IllegalArgumentException("cannot encode");
      }
      return Future.succeededFuture(batch);
    });
    Future<String> poisoned = commit.submit("poison");
    assertTrue(poisoned.failed());
    assertEquals("cannot encode", poisoned.cause().getMessage());
    assertEquals("fine", commit.submit("fine").result());
  }

  @Test
  @SuppressWarnings("unchecked")
  void itemsFromManyThreadsAreEachAnsweredWithTheirOwnResult() throws Exception {
    GroupCommit<Integer, Integer> commit = new GroupCommit<>(16, 2, batch -> Future.succeededFuture(
        batch.stream().map(i -> i * 10).toList()));
    int threads = 8;
    int perThread = 2_000;
    List<Thread> workers = new ArrayList<>();
    List<Future<Integer>>[] results = new List[threads];
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      results[t] = new ArrayList<>();
      List<Future<Integer>> mine = results[t];
      Thread worker = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          mine.add(commit.submit(base + i));
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertEquals((t * perThread + i) * 10, results[t].get(i).result());
      }
    }
  }
}
