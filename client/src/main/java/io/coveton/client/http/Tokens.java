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

  /** The pair and its generation, read together. */
  private record Current(Pair pair, long generation) {}

  private final ReentrantLock refreshing = new ReentrantLock();
  private final Consumer<Pair> onChange;
  private volatile Current current;

  public Tokens(Pair initial, Consumer<Pair> onChange) {
    this.current = new Current(initial, 0);
    this.onChange = onChange == null ? p -> { } : onChange;
  }

  public Used current() {
    Current now = current;
    return now.pair() == null ? null : new Used(now.pair().accessToken(), now.generation());
  }

  public Pair pair() {
    return current.pair();
  }

  public void set(Pair next) {
    refreshing.lock();
    try {
      current = new Current(next, current.generation() + 1);
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
      if (stale != null && current.generation() != stale.generation()) {
        return current();
      }
      Pair next = refresh.apply(current.pair().refreshToken());
      current = new Current(next, current.generation() + 1);
      onChange.accept(next);
      return current();
    } finally {
      refreshing.unlock();
    }
  }
}
