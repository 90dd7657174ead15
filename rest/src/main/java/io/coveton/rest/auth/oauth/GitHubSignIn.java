package io.coveton.rest.auth.oauth;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-in with GitHub, an OAuth app: the authorization-code flow (state only: GitHub has no ID
 * token), then {@code GET /user} for the stable numeric id and {@code GET /user/emails} for the
 * primary address, which must be verified.
 */
final class GitHubSignIn implements IdentityProvider {
  private static final String API_VERSION = "2022-11-28";
  private final CovetonConfig.GitHubSettings settings;
  private final ProviderCalls calls;

  GitHubSignIn(CovetonConfig.GitHubSettings settings, ProviderCalls calls) {
    this.settings = settings;
    this.calls = calls;
  }

  @Override
  public String name() {
    return "github";
  }

  @Override
  public String authorizationUrl(String callbackUrl, String state, String nonce, String codeChallenge) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", callbackUrl);
    query.put("scope", "read:user user:email");
    query.put("state", state);
    return ProviderCalls.withQuery(settings.authorizationUrl(), query);
  }

  @Override
  public Future<ProviderAccount> identify(String code, String callbackUrl, String codeVerifier, String nonce) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("client_id", settings.clientId())
        .add("client_secret", settings.clientSecret())
        .add("code", code)
        .add("redirect_uri", callbackUrl);
    return calls.postForm(name(), settings.tokenUrl(), form).compose(tokens -> {
      // GitHub answers a refused code with 200 and an "error" member
      if (!(tokens.getValue("access_token") instanceof String accessToken) || tokens.containsKey("error")) {
        return Future.failedFuture(SignInRefused.provider("GitHub refused the sign-in code."));
      }
      Map<String, String> headers = Map.of("Authorization", "Bearer " + accessToken,
          "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", API_VERSION);
      return calls.getObject(name(), settings.apiUrl() + "/user", headers).compose(user ->
          calls.getArray(name(), settings.apiUrl() + "/user/emails", headers).map(emails -> account(user, emails)));
    });
  }

  private static ProviderAccount account(JsonObject user, JsonArray emails) {
    String primaryVerified = null;
    boolean primaryUnverified = false;
    for (Object entry : emails) {
      if (entry instanceof JsonObject email && Boolean.TRUE.equals(email.getValue("primary"))
          && email.getValue("email") instanceof String address) {
        if (Boolean.TRUE.equals(email.getValue("verified"))) {
          primaryVerified = address;
        } else {
          primaryUnverified = true;
        }
      }
    }
    if (primaryVerified == null) {
      throw primaryUnverified
          ? new SignInRefused(SignInRefused.EMAIL_NOT_VERIFIED,
              "The GitHub account's primary email address is not verified, so it cannot sign in here.")
          : SignInRefused.provider("GitHub gave no primary email address.");
    }
    Object id = user.getValue("id");
    String subject = id instanceof Number number ? Long.toString(number.longValue()) : null;
    String name = user.getValue("name") instanceof String n ? n : user.getValue("login") instanceof String l ? l : null;
    return ProviderAccount.of(subject, primaryVerified, name);
  }
}
