package io.coveton.shared.auth;

/** Who a valid access token speaks for: the account, its session, and the device it acts as (or null). */
public record Authenticated(String userId, String sessionId, String deviceId) {}
