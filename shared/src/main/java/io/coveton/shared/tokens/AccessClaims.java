package io.coveton.shared.tokens;

/** What a verified access token says: who, and which session (login) it belongs to. */
public record AccessClaims(String userId, String sessionId, String tokenId, long expiresAtEpochSecond) {}
