package io.coveton.shared.accounts;

/** What presenting a refresh token led to. */
public sealed interface RefreshOutcome {
  /** The token was current: it is now used, and {@code session} continues with a new one. */
  record Rotated(Session session) implements RefreshOutcome {}

  /** The token had been used before: the whole session has just been revoked. */
  record Replayed(String sessionId, String userId) implements RefreshOutcome {}

  /** Unknown token, or its session is revoked or past its absolute lifetime. */
  record Rejected() implements RefreshOutcome {}
}
