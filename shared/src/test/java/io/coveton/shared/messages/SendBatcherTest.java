package io.coveton.shared.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendBatcherTest {
  /**
   * The messages table as the batcher sees it: every insert call is recorded; an insert of exactly
   * the ids in {@code holdOn} waits until the test completes it (and is then recorded again as it
   * runs); multi-send inserts can be made to fail; sends fail as a real insert would (a bad send, a
   * taken id).
   */
  private static final class Table implements SendBatcher.Store {
    final List<List<String>> inserts = new ArrayList<>();
    final Map<String, Message> rows = new HashMap<>();
    final Set<String> bad = new java.util.HashSet<>();
    final Set<String> holdOn = new java.util.HashSet<>();
    final Map<String, Promise<List<StoredMessage>>> held = new HashMap<>();
    boolean failBatches;

    @Override
    public Future<List<StoredMessage>> insertAll(List<MessageRepository.PendingSend> sends) {
      inserts.add(sends.stream().map(MessageRepository.PendingSend::id).toList());
      String ids = String.join(",", inserts.get(inserts.size() - 1));
      if (holdOn.remove(ids)) {
        Promise<List<StoredMessage>> commit = Promise.promise();
        held.put(ids, commit);
        return commit.future().compose(v -> insertAll(sends));
      }
      if (failBatches && sends.size() > 1) {
        return Future.failedFuture(new IllegalStateException("one row of the batch was refused"));
      }
      List<StoredMessage> stored = new ArrayList<>();
      for (MessageRepository.PendingSend send : sends) {
        if (bad.contains(send.id())) {
          return Future.failedFuture(new IllegalStateException("refused " + send.id()));
        }
        if (rows.containsKey(send.id())) {
          return Future.failedFuture(uniqueViolation("messages_pkey"));
        }
      }
      for (MessageRepository.PendingSend send : sends) {
        rows.put(send.id(), message(send.id()));
        stored.add(new StoredMessage(rows.get(send.id()), Map.of("dev_b", (long) rows.size())));
      }
      return Future.succeededFuture(stored);
    }

    @Override
    public Future<Message> find(String id) {
      return Future.succeededFuture(rows.get(id));
    }
  }

  private final Table table = new Table();
  private final SendBatcher batcher = new SendBatcher(table);

  @Test
  void whenABatchFailsItsSendsAreStoredOneByOneInOrderAndOnlyTheBadOneFails() {
    table.holdOn.add("m1");
    Future<StoredMessage> first = store("m1");
    Future<StoredMessage> a = store("a");
    Future<StoredMessage> bad = store("bad");
    Future<StoredMessage> c = store("c");
    table.failBatches = true;
    table.bad.add("bad");
    table.held.get("m1").complete();

    assertTrue(first.succeeded());
    assertEquals(List.of(List.of("m1"), List.of("m1"), List.of("a", "bad", "c"), List.of("a"), List.of("bad"),
            List.of("c")),
        table.inserts, "the failed batch is retried send by send, in the order the sends arrived");
    assertEquals("a", a.result().message().id());
    assertTrue(bad.failed());
    assertEquals("refused bad", bad.cause().getMessage());
    assertEquals("c", c.result().message().id());
  }

  @Test
  void theNextBatchWaitsUntilTheFallbackOfTheFailedOneHasStoredEverySend() {
    table.holdOn.add("m1");
    store("m1");
    Future<StoredMessage> a = store("a");
    Future<StoredMessage> b = store("b");
    table.failBatches = true;
    table.holdOn.add("a");
    table.held.get("m1").complete();
    assertEquals(List.of("a"), table.inserts.get(table.inserts.size() - 1), "the fallback is storing a");

    Future<StoredMessage> next = store("next");
    assertFalse(table.inserts.contains(List.of("next")), "a later send never overtakes the fallback");
    table.held.get("a").complete();
    assertEquals(List.of(List.of("a"), List.of("b"), List.of("next")),
        table.inserts.subList(table.inserts.size() - 3, table.inserts.size()));
    assertTrue(a.succeeded());
    assertTrue(b.succeeded());
    assertTrue(next.succeeded());
  }

  @Test
  void aSendWhoseIdIsAlreadyStoredIsAnsweredAsStoredBecauseItsCommitsAnswerWasLost() {
    table.rows.put("lost", message("lost"));
    Future<StoredMessage> retried = store("lost");
    assertTrue(retried.succeeded());
    assertEquals("lost", retried.result().message().id());
    assertEquals(Map.of(), retried.result().positions(), "its positions were taken by the first commit");
    assertEquals(1, table.rows.size());
  }

  @Test
  void aUniqueViolationOfAnotherConstraintOrWithoutAStoredRowStillFails() {
    SendBatcher.Store refusing = new SendBatcher.Store() {
      @Override
      public Future<List<StoredMessage>> insertAll(List<MessageRepository.PendingSend> sends) {
        return Future.failedFuture(uniqueViolation(sends.get(0).id().equals("x") ? "messages_pkey" : "other_key"));
      }

      @Override
      public Future<Message> find(String id) {
        return Future.succeededFuture(null);
      }
    };
    SendBatcher failing = new SendBatcher(refusing);
    Future<StoredMessage> noRow = failing.store("x", null, "usr_a", "dev_a");
    Future<StoredMessage> otherConstraint = failing.store("y", null, "usr_a", "dev_a");
    assertTrue(noRow.failed());
    assertSame(PgException.class, noRow.cause().getClass());
    assertTrue(otherConstraint.failed());
    assertFalse(otherConstraint.succeeded());
  }

  private Future<StoredMessage> store(String id) {
    return batcher.store(id, null, "usr_a", "dev_a");
  }

  private static PgException uniqueViolation(String constraint) {
    return new PgException("duplicate key", "ERROR", "23505", "exists", null, null, null, null, null, null, null,
        null, null, null, null, null, constraint);
  }

  private static Message message(String id) {
    return new Message(id, 1, "chat_x", "usr_a", "dev_a", "text/plain", "aGk=", List.of(), Instant.EPOCH, null, null,
        List.of(), List.of());
  }
}
