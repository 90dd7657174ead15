package io.coveton.rest.sessions;

import io.coveton.shared.accounts.Session;
import java.time.Instant;

/** A session as the contract lists it; {@code current} marks the caller's own. */
public record SessionView(
    String id, String ip, String userAgent, String location, Instant createdAt, Instant lastSeenAt, boolean current) {
  public static SessionView of(Session session, String callerSessionId) {
    return new SessionView(session.id(), session.ip(), session.userAgent(), session.location(),
        session.createdAt(), session.lastSeenAt(), session.id().equals(callerSessionId));
  }
}
