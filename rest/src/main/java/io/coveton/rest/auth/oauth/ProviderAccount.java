package io.coveton.rest.auth.oauth;

/** Who the provider says signed in: its stable id for them, and an email address it verified. */
record ProviderAccount(String subject, String verifiedEmail, String displayName) {
  private static final int MAX_DISPLAY_NAME = 80;
  private static final int MAX_EMAIL = 254;

  /** Refuses what cannot become an account; the display name falls back to the email's local part. */
  static ProviderAccount of(String subject, String verifiedEmail, String displayName) {
    if (subject == null || subject.isBlank() || subject.length() > 255) {
      throw SignInRefused.provider("The provider did not say who signed in.");
    }
    if (verifiedEmail == null || verifiedEmail.length() > MAX_EMAIL || verifiedEmail.indexOf('@') < 1
        || verifiedEmail.chars().anyMatch(c -> c <= ' ')) {
      throw SignInRefused.provider("The provider gave no usable email address.");
    }
    String name = displayName == null || displayName.isBlank() ? verifiedEmail.substring(0, verifiedEmail.indexOf('@'))
        : displayName.strip();
    return new ProviderAccount(subject, verifiedEmail, name.length() > MAX_DISPLAY_NAME
        ? name.substring(0, MAX_DISPLAY_NAME) : name);
  }
}
