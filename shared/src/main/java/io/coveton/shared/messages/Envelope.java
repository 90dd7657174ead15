package io.coveton.shared.messages;

/** The message key sealed to one device: opaque, stored and served byte-for-byte. */
public record Envelope(String deviceId, String header) {}
