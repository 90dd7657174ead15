package io.coveton.shared.persistence;

/** One page of a newest-first list: at most {@code limit} items older than the {@code before} id. */
public record PageRequest(int limit, String before) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  public static PageRequest first(int limit) {
    return new PageRequest(limit, null);
  }
}
