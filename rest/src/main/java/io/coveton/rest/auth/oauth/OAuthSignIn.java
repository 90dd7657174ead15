package io.coveton.rest.auth.oauth;

import io.coveton.rest.auth.AuthService;
import io.coveton.rest.auth.ClientInfo;
import io.coveton.rest.auth.TokenPair;
import io.coveton.shared.accounts.IdentityRepository;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SignInFlowRepository;
import io.coveton.shared.accounts.SignInFlowRepository.PendingSignIn;
import io.coveton.shared.accounts.SignInFlowRepository.SignInGrant;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.crypto.SecretBox;
import io.coveton.shared.net.RedirectAllowlist;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.hashing.Sha256;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with an identity provider, in three steps. {@link #start}: a single-use state (kept as a
 * hash, with the nonce and the sealed PKCE verifier) and the cookie that binds it to the browser.
 * {@link #finish}: the provider's callback, which must come back with that state and cookie; the
 * account is found, linked or created ({@link IdentityLinks}) and a one-time code (60 seconds)
 * goes back to the app's redirect URI, never tokens. {@link #exchange}: the code for a new
 * session's token pair, as login answers.
 */
public final class OAuthSignIn {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthSignIn.class);
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
  private static final String CODE_PREFIX = "oac_";
  private static final String VERIFIER_CONTEXT = "oauth-pkce-verifier";
  private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private final Map<String, IdentityProvider> providers;
  private final RedirectAllowlist allowlist;
  private final String publicApiUrl;
  private final Pool pool;
  private final SignInFlowRepository flows;
  private final IdentityLinks links;
  private final StateCookie cookies;
  private final SecretBox secrets;
  private final OpaqueTokens tokens;
  private final AuthService auth;
  private final UserRepository users;
  private final SessionCache sessionCache;
  private final ParticipantCache participants;
  private final ChatEvents chatEvents;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  OAuthSignIn(List<IdentityProvider> configured, RedirectAllowlist allowlist, String publicApiUrl, Pool pool,
      SignInFlowRepository flows, IdentityLinks links, SecretBox secrets, OpaqueTokens tokens, AuthService auth,
      UserRepository users, SessionCache sessionCache, ParticipantCache participants, ChatEvents chatEvents,
      Clock clock) {
    Map<String, IdentityProvider> byName = new LinkedHashMap<>();
    configured.forEach(provider -> byName.put(provider.name(), provider));
    this.providers = Map.copyOf(byName);
    this.allowlist = allowlist;
    this.publicApiUrl = publicApiUrl;
    this.pool = pool;
    this.flows = flows;
    this.links = links;
    this.cookies = new StateCookie(secrets);
    this.secrets = secrets;
    this.tokens = tokens;
    this.auth = auth;
    this.users = users;
    this.sessionCache = sessionCache;
    this.participants = participants;
    this.chatEvents = chatEvents;
    this.clock = clock;
  }

  /** Where to send the browser, and the cookie to set on it. */
  public record Started(String authorizationUrl, String cookie, Duration cookieLifetime) {}

  /** Where the provider's callback sends the browser: the app, with a code or an error. */
  public record Finished(String location) {}

  /**
   * {@code appChallenge}: optional, the app's own PKCE S256 challenge (base64url of SHA-256 of a
   * verifier it keeps); when given, the exchange must show the verifier, so that a code that
   * reaches someone else's browser (login CSRF) or a log is worth nothing.
   */
  public Future<Started> start(String providerName, String redirectUri, String appChallenge) {
    IdentityProvider provider = provider(providerName);
    if (!allowlist.allows(redirectUri)) {
      throw ApiException.badRequest("redirectUri is not allowed.", List.of(new FieldError("redirectUri",
          redirectUri == null ? "is required" : "must be on the configured allowlist (COVETON_OAUTH_REDIRECT_URIS), "
              + "without dot segments and without its own code, error or message parameter")));
    }
    if (appChallenge != null && !S256_CHALLENGE.matcher(appChallenge).matches()) {
      throw ApiException.badRequest("codeChallenge is not an S256 challenge.", List.of(new FieldError("codeChallenge",
          "must be the 43-character base64url SHA-256 of the app's code verifier")));
    }
    String state = randomText();
    String nonce = randomText();
    String verifier = randomText();
    String challenge = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Sha256.of(verifier.getBytes(StandardCharsets.US_ASCII)));
    Instant expiresAt = clock.instant().plus(STATE_LIFETIME);
    PendingSignIn pending = new PendingSignIn(provider.name(), redirectUri, nonce,
        secrets.sealText(verifier, VERIFIER_CONTEXT), appChallenge);
    return flows.saveState(OpaqueTokens.hash(state), pending, expiresAt).map(v -> new Started(
        provider.authorizationUrl(callbackUrl(provider), state, nonce, challenge),
        cookies.seal(provider.name(), state, expiresAt), STATE_LIFETIME));
  }

  /**
   * The callback. A missing, forged, expired or replayed state (or a browser without the matching
   * cookie) is a 400 here, since the redirect URI it would name cannot be trusted; past that point
   * every outcome goes back to the app.
   */
  public Future<Finished> finish(String providerName, String stateCookie, Map<String, String> callback) {
    IdentityProvider provider = provider(providerName);
    String state = callback.get("state");
    if (!cookies.matches(stateCookie, provider.name(), state, clock.instant())) {
      return Future.failedFuture(badState());
    }
    return flows.takeState(OpaqueTokens.hash(state)).compose(pending -> {
      if (pending == null || !pending.provider().equals(provider.name())) {
        return Future.failedFuture(badState());
      }
      return Future.<ProviderAccount>succeededFuture().compose(v -> identify(provider, pending, callback))
          .compose(account -> signIn(provider.name(), account, pending.appChallenge()))
          .map(code -> new Finished(ProviderCalls.withQuery(pending.redirectUri(), Map.of("code", code))))
          .recover(error -> Future.succeededFuture(refusal(provider, pending, error)));
    });
  }

  /**
   * A code of a finished sign-in for the token pair of a new session; it works once, within 60
   * seconds, and with the verifier of the app's challenge when the sign-in started with one.
   */
  public Future<TokenPair> exchange(String code, String codeVerifier, ClientInfo client) {
    return flows.takeCode(OpaqueTokens.hash(code)).compose(grant -> {
      if (grant == null) {
        return Future.failedFuture(ApiException.validation("code", "is unknown, expired or already used; sign in again"));
      }
      if (grant.appChallenge() != null && !verifies(codeVerifier, grant.appChallenge())) {
        // the code is spent either way: a guess at the verifier gets one try
        return Future.failedFuture(ApiException.validation("codeVerifier",
            "does not match the codeChallenge this sign-in started with; sign in again"));
      }
      return users.findById(grant.userId()).compose(user -> user == null
          ? Future.failedFuture(ApiException.validation("code", "is unknown, expired or already used; sign in again"))
          : auth.openSession(user, client, grant.newAccount() ? "register" : "oauth"));
    });
  }

  private Future<ProviderAccount> identify(IdentityProvider provider, PendingSignIn pending,
      Map<String, String> callback) {
    String error = callback.get("error");
    if (error != null) {
      return Future.failedFuture("access_denied".equals(error)
          ? new SignInRefused(SignInRefused.ACCESS_DENIED, "The sign-in was cancelled at the provider.")
          : SignInRefused.provider("The provider ended the sign-in with an error."));
    }
    String code = callback.get("code");
    if (code == null || code.isEmpty() || code.length() > 2048) {
      return Future.failedFuture(SignInRefused.provider("The provider sent no authorization code."));
    }
    String verifier = secrets.openText(pending.verifierSealed(), VERIFIER_CONTEXT);
    return provider.identify(code, callbackUrl(provider), verifier, pending.nonce());
  }

  /** The account (found, linked or created) and its one-time code, in one transaction; retried once on a race. */
  private Future<String> signIn(String provider, ProviderAccount account, String appChallenge) {
    return resolveAndIssue(provider, account, appChallenge).recover(error ->
        UserRepository.isEmailTaken(error) || IdentityRepository.isLinkRace(error)
            ? resolveAndIssue(provider, account, appChallenge) : Future.failedFuture(error));
  }

  private Future<String> resolveAndIssue(String provider, ProviderAccount account, String appChallenge) {
    String code = tokens.generate(CODE_PREFIX);
    return pool.withTransaction(tx -> links.resolve(tx, provider, account).compose(resolved ->
            flows.issueCode(tx, OpaqueTokens.hash(code),
                new SignInGrant(resolved.user().id(), provider, resolved.newAccount(), appChallenge),
                clock.instant().plus(CODE_LIFETIME)).map(resolved)))
        .map(resolved -> {
          resolved.revokedSessions().forEach(sessionCache::revoked);
          if (!resolved.revokedDevices().isEmpty()) {
            participants.devicesChanged();
            resolved.revokedDevices().forEach(device -> chatEvents.deviceRevoked(resolved.user().id(), device));
          }
          return code;
        });
  }

  private static boolean verifies(String verifier, String challenge) {
    if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
      return false;
    }
    byte[] computed = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Sha256.of(verifier.getBytes(StandardCharsets.US_ASCII))).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII));
  }

  private Finished refusal(IdentityProvider provider, PendingSignIn pending, Throwable error) {
    SignInRefused refused = error instanceof SignInRefused r ? r : null;
    if (refused == null) {
      LOG.error("{} sign-in failed", provider.name(), error);
      refused = SignInRefused.provider("The sign-in could not be completed; try again.");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("error", refused.code());
    query.put("message", refused.getMessage());
    return new Finished(ProviderCalls.withQuery(pending.redirectUri(), query));
  }

  private IdentityProvider provider(String name) {
    IdentityProvider provider = providers.get(name);
    if (provider == null) {
      throw ApiException.notFound("Sign-in with " + name + " is not configured on this server.");
    }
    return provider;
  }

  private String callbackUrl(IdentityProvider provider) {
    return publicApiUrl + "/v1/auth/oauth/" + provider.name() + "/callback";
  }

  private String randomText() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ApiException badState() {
    return ApiException.badRequest("The sign-in state is missing, expired or already used, or this browser did not "
        + "start this sign-in; start the sign-in again.", List.of(new FieldError("state", "is not valid here")));
  }
}
