package io.coveton.client.http;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The client's token pair. Refresh tokens rotate and a spent one revokes the whole session when
 * presented again, so at most one refresh runs at a time, and a caller whose access token was
 * already replaced by another caller's refresh uses the new one instead of refreshing again.
 */
public final class Tokens {
  /** An access token and the refresh token that replaces it. */
  public record Pair(String accessToken, String refreshToken) {}

  /** What a caller used: the token and the generation it belongs to. */
  public record Used(String accessToken, long generation) {}

  private final ReentrantLock refreshing = new ReentrantLock();
  private final Consumer<Pair> onChange;
  private volatile Pair pair;
  private volatile long generation;

  public Tokens(Pair initial, Consumer<Pair> onChange) {
    this.pair = initial;
    this.onChange = onChange == null ? p -> { } : onChange;
  }

  public Used current() {
    Pair now = pair;
    return now == null ? null : new Used(now.accessToken(), generation);
  }

  public Pair pair() {
    return pair;
  }

  public void set(Pair next) {
    refreshing.lock();
    try {
      pair = next;
      generation++;
    } finally {
      refreshing.unlock();
    }
    onChange.accept(next);
  }

  /**
   * Makes sure the access token is newer than {@code stale}: refreshes with {@code refresh} (which
   * answers the new pair for a refresh token) unless another caller already did.
   */
  public Used refreshAfter(Used stale, Function<String, Pair> refresh) {
    refreshing.lock();
    try {
      if (stale != null && generation != stale.generation()) {
        return current();
      }
      Pair next = refresh.apply(pair.refreshToken());
      pair = next;
      generation++;
      onChange.accept(next);
      return current();
    } finally {
      refreshing.unlock();
    }
  }
}
