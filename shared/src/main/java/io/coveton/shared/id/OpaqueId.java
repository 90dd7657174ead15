package io.coveton.shared.id;

/**
 * What a client may send where an id is expected. Clients treat ids as opaque, so the only
 * validation is the shape every id has: a string of 1 to 64 characters from {@code [A-Za-z0-9_-]}.
 * A well-formed value that names nothing is a not-found case for the caller to answer, never a
 * validation error; only a value that cannot be an id at all is refused here.
 */
public final class OpaqueId {
  public static final int MAX_LENGTH = 64;
  public static final String DESCRIPTION = "must be an id (1 to 64 characters of A-Z, a-z, 0-9, _ and -)";

  private OpaqueId() {}

  public static boolean wellFormed(Object value) {
    if (!(value instanceof String text) || text.isEmpty() || text.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
