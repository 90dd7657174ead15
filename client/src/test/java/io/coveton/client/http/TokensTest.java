package io.coveton.client.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A refresh token rotates and a replay revokes the session: many callers that hit one expiry refresh once. */
class TokensTest {

  @Test
  void callersThatSawTheSameExpiredTokenRefreshOnceAndAllGetTheNewOne() throws Exception {
    List<Tokens.Pair> saved = new ArrayList<>();
    Tokens tokens = new Tokens(new Tokens.Pair("at-1", "rt-1"), saved::add);
    Tokens.Used stale = tokens.current();
    AtomicInteger refreshes = new AtomicInteger();
    List<String> presented = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Tokens.Used>> answers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        answers.add(threads.submit(() -> {
          start.await();
          return tokens.refreshAfter(stale, refreshToken -> {
            presented.add(refreshToken);
            int n = refreshes.incrementAndGet();
            sleep();
            return new Tokens.Pair("at-" + (n + 1), "rt-" + (n + 1));
          });
        }));
      }
      start.countDown();
      for (Future<Tokens.Used> answer : answers) {
        assertEquals("at-2", answer.get().accessToken());
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(1, refreshes.get(), "one refresh for one expiry");
    assertEquals(List.of("rt-1"), presented, "no refresh token presented twice");
    assertEquals(List.of(new Tokens.Pair("at-2", "rt-2")), saved, "the new pair is handed to the app once");

    Tokens.Used fresh = tokens.current();
    tokens.refreshAfter(fresh, refreshToken -> new Tokens.Pair("at-3", "rt-3"));
    assertEquals("at-3", tokens.current().accessToken(), "a later expiry refreshes again, with the rotated token");
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
