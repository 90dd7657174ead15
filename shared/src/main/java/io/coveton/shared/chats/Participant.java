package io.coveton.shared.chats;

import java.time.Instant;
import java.util.List;

/** A member of a chat with the active devices that messages to the chat must be sealed to. */
public record Participant(String userId, String role, Instant joinedAt, List<DeviceKey> devices) {

  /** One active device and its public key. */
  public record DeviceKey(String id, String publicKey) {}

  public boolean isAdmin() {
    return "admin".equals(role);
  }
}
