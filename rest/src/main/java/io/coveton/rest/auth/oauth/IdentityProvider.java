package io.coveton.rest.auth.oauth;

import io.vertx.core.Future;

/** One provider's side of the authorization-code flow. */
interface IdentityProvider {
  /** {@code google} or {@code github}: the path segment and the name of linked identities. */
  String name();

  /**
   * Where to send the browser. {@code codeChallenge} is the PKCE S256 challenge and {@code nonce}
   * binds an OpenID Connect ID token to this sign-in; a provider uses what it supports.
   */
  String authorizationUrl(String callbackUrl, String state, String nonce, String codeChallenge);

  /**
   * Exchanges the code and finds out who signed in with which verified email; fails with
   * {@link SignInRefused} when the provider refuses or says nothing usable.
   */
  Future<ProviderAccount> identify(String code, String callbackUrl, String codeVerifier, String nonce);
}
