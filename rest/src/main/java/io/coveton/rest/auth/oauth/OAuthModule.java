package io.coveton.rest.auth.oauth;

import io.coveton.rest.auth.AuthService;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.AccountEvents;
import io.coveton.shared.accounts.IdentityRepository;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.accounts.SignInFlowRepository;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.net.RedirectAllowlist;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.crypto.SecretBox;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds sign-in with the configured providers and mounts its routes. */
public final class OAuthModule {
  private OAuthModule() {}

  /** What the sign-in routes are built from. */
  public record Parts(CovetonConfig.OAuthSettings settings, Pool pool, WebClient http, SecretBox secrets,
      OpaqueTokens tokens, IdGenerator ids, AuthService auth, UserRepository users, SessionRepository sessions,
      SessionCache sessionCache, AccountEvents events, DeviceRepository devices, ParticipantCache participants,
      ChatEvents chatEvents) {}

  public static void mount(Router router, RoutePlatform platform, Parts parts) {
    CovetonConfig.OAuthSettings settings = parts.settings();
    ProviderCalls calls = new ProviderCalls(parts.http(), settings.providerTimeout());
    List<IdentityProvider> providers = new ArrayList<>();
    if (settings.google().configured()) {
      providers.add(new GoogleSignIn(settings.google(), calls, Clock.systemUTC()));
    }
    if (settings.github().configured()) {
      providers.add(new GitHubSignIn(settings.github(), calls));
    }
    IdentityLinks links = new IdentityLinks(parts.pool(), parts.users(), new IdentityRepository(parts.pool()),
        parts.sessions(), parts.devices(), parts.events(), parts.ids());
    RedirectAllowlist allowlist = new RedirectAllowlist(settings.redirectUris(), "COVETON_OAUTH_REDIRECT_URIS");
    OAuthSignIn signIn = new OAuthSignIn(providers, allowlist, settings.publicApiUrl(), parts.pool(),
        new SignInFlowRepository(parts.pool()), links, parts.secrets(), parts.tokens(), parts.auth(), parts.users(),
        parts.sessionCache(), parts.participants(), parts.chatEvents(), Clock.systemUTC());
    new OAuthRoutes(platform, signIn, links, settings.publicApiUrl().startsWith("https://"))
        .mount(router);
  }
}
