package io.coveton.rest.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coveton.shared.accounts.User;

/** Another user as a search shows them: public fields, and the email only to whoever typed it exactly. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublicUserView(String id, String handle, String displayName, String avatarUrl, String email) {
  public static PublicUserView of(User user, boolean revealEmail) {
    return new PublicUserView(user.id(), user.handle(), user.displayName(), user.avatarUrl(),
        revealEmail ? user.email() : null);
  }
}
