package io.coveton.shared.audit;

/** Who did something, and from where, as the audit log records it. */
public record Actor(String userId, String ip, String userAgent) {}
