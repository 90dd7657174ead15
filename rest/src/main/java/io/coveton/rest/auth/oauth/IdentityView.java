package io.coveton.rest.auth.oauth;

import io.coveton.shared.accounts.Identity;
import java.time.Instant;

/** A linked identity as its owner sees it. */
record IdentityView(String provider, String email, Instant linkedAt) {
  static IdentityView of(Identity identity) {
    return new IdentityView(identity.provider(), identity.email(), identity.linkedAt());
  }
}
