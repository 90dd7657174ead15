package io.coveton.rest.users;

import io.coveton.shared.accounts.User;
import java.time.Instant;
import java.util.Map;

/** The account as its owner sees it. */
public record UserView(
    String id,
    String email,
    boolean emailVerified,
    String handle,
    String displayName,
    String avatarUrl,
    Map<String, Object> preferences,
    Instant createdAt,
    Instant updatedAt) {

  public static UserView of(User user) {
    return new UserView(user.id(), user.email(), user.emailVerified(), user.handle(), user.displayName(), user.avatarUrl(),
        user.preferences().getMap(), user.createdAt(), user.updatedAt());
  }
}
