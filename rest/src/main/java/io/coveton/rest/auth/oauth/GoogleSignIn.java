package io.coveton.rest.auth.oauth;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sign-in with Google, by OpenID Connect: the authorization-code flow with PKCE S256 and a nonce;
 * who signed in comes from the ID token alone (checked by {@link IdTokenVerifier}), which must say
 * {@code email_verified}.
 */
final class GoogleSignIn implements IdentityProvider {
  private final CovetonConfig.GoogleSettings settings;
  private final ProviderCalls calls;
  private final IdTokenVerifier idTokens;

  GoogleSignIn(CovetonConfig.GoogleSettings settings, ProviderCalls calls, Clock clock) {
    this.settings = settings;
    this.calls = calls;
    // Google writes iss with and without the scheme
    Set<String> issuers = new HashSet<>(List.of(settings.issuer(), settings.issuer().replaceFirst("^https://", "")));
    this.idTokens = new IdTokenVerifier(() -> calls.getObject(name(), settings.jwksUrl(), Map.of()),
        Set.copyOf(issuers), settings.clientId(), clock);
  }

  @Override
  public String name() {
    return "google";
  }

  @Override
  public String authorizationUrl(String callbackUrl, String state, String nonce, String codeChallenge) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", callbackUrl);
    query.put("scope", "openid email profile");
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", codeChallenge);
    query.put("code_challenge_method", "S256");
    return ProviderCalls.withQuery(settings.authorizationUrl(), query);
  }

  @Override
  public Future<ProviderAccount> identify(String code, String callbackUrl, String codeVerifier, String nonce) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "authorization_code")
        .add("code", code)
        .add("redirect_uri", callbackUrl)
        .add("client_id", settings.clientId())
        .add("client_secret", settings.clientSecret())
        .add("code_verifier", codeVerifier);
    return calls.postForm(name(), settings.tokenUrl(), form).compose(tokens -> {
      if (!(tokens.getValue("id_token") instanceof String idToken)) {
        return Future.failedFuture(SignInRefused.provider("Google answered without an ID token."));
      }
      return idTokens.verify(idToken, nonce);
    }).map(claims -> {
      if (!Boolean.TRUE.equals(claims.getValue("email_verified")) && !"true".equals(claims.getValue("email_verified"))) {
        throw new SignInRefused(SignInRefused.EMAIL_NOT_VERIFIED,
            "Google has not verified this account's email address, so it cannot sign in here.");
      }
      return ProviderAccount.of(claims.getString("sub"), claims.getString("email"), claims.getString("name"));
    });
  }
}
