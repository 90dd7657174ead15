package io.coveton.rest.auth.oauth;

/**
 * Why a sign-in with a provider ended without an account, once its state was found valid: sent back
 * to the app's redirect URI as {@code error} (one of the codes below) and {@code message}.
 */
final class SignInRefused extends RuntimeException {
  static final String ACCESS_DENIED = "access_denied";
  static final String PROVIDER_ERROR = "provider_error";
  static final String EMAIL_NOT_VERIFIED = "email_not_verified";
  static final String IDENTITY_CONFLICT = "identity_conflict";

  private final String code;

  SignInRefused(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static SignInRefused provider(String message) {
    return new SignInRefused(PROVIDER_ERROR, message);
  }

  String code() {
    return code;
  }
}
