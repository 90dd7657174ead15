package io.coveton.rest;

import io.coveton.rest.auth.AuthRoutes;
import io.coveton.rest.auth.AuthService;
import io.coveton.rest.auth.LoginThrottle;
import io.coveton.rest.auth.PasswordResetService;
import io.coveton.rest.auth.oauth.OAuthModule;
import io.coveton.rest.billing.BillingModule;
import io.coveton.rest.chats.ChatRoutes;
import io.coveton.rest.chats.ChatService;
import io.coveton.rest.devices.DeviceRoutes;
import io.coveton.rest.docs.DocsRoutes;
import io.coveton.rest.files.FileRoutes;
import io.coveton.rest.files.FileService;
import io.coveton.rest.keys.KeyRoutes;
import io.coveton.rest.keys.KeyService;
import io.coveton.shared.keys.PreKeyRepository;
import io.coveton.rest.health.HealthRoutes;
import io.coveton.rest.messages.MessageRoutes;
import io.coveton.rest.messages.MessageService;
import io.coveton.rest.organizations.AuditedWrites;
import io.coveton.rest.organizations.InviteMail;
import io.coveton.rest.organizations.MemberAudit;
import io.coveton.rest.organizations.OrganizationModule;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.billing.Seats;
import io.coveton.shared.billing.SubscriptionRepository;
import io.coveton.shared.organizations.InviteRepository;
import io.coveton.rest.idempotency.IdempotencyHandler;
import io.coveton.rest.notifications.NotificationRoutes;
import io.coveton.rest.platform.Authenticator;
import io.coveton.rest.platform.ClientAddress;
import io.coveton.rest.platform.CrossOrigin;
import io.coveton.rest.platform.Endpoint;
import io.coveton.rest.platform.FailureHandler;
import io.coveton.rest.platform.RateLimitHandler;
import io.coveton.rest.platform.RequestHygiene;
import io.coveton.rest.platform.RequestIdHandler;
import io.coveton.rest.platform.ResponseHeaders;
import io.coveton.rest.platform.ResponseWriter;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.rest.platform.TransportSecurityHandler;
import io.coveton.rest.sessions.SessionRoutes;
import io.coveton.rest.users.UserRoutes;
import io.coveton.rest.webhooks.WebhookRoutes;
import io.coveton.shared.webhooks.WebhookRepository;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.chats.ChatRepository;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.accounts.AccountEvents;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.files.FileRepository;
import io.coveton.shared.accounts.PasswordResetRepository;
import io.coveton.shared.mail.MailTemplates;
import io.coveton.shared.messages.MessageRepository;
import io.coveton.shared.notifications.NotificationRepository;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;

/** Assembles the REST surface: platform handlers in order, then each feature's routes. */
final class RestRouter {
  private RestRouter() {}

  static Router build(Vertx vertx, RestDependencies deps, WorkerExecutor hashing, WebClient http) {
    CovetonConfig config = deps.config();
    Router router = Router.router(vertx);
    ResponseWriter writer = new ResponseWriter(deps.json());
    FailureHandler failures = new FailureHandler(writer);

    router.route().handler(new RequestIdHandler());
    router.route().handler(new ClientAddress(config.transport().trustedProxyBlocks()));
    router.route().handler(new ResponseHeaders());
    router.route().handler(new RequestHygiene());
    if (!config.transport().corsAllowedOrigins().isEmpty()) {
      router.route().handler(CrossOrigin.handler(config.transport().corsAllowedOrigins()));
    }
    new HealthRoutes(deps.pool(), deps.draining(), deps.clusterMembers(), deps.metrics())
        .mount(router, config.metrics().token());
    router.route().handler(new TransportSecurityHandler(config.transport().requireHttps()));
    new DocsRoutes(deps.apiDocs()).mount(router);
    router.route().handler(new RateLimitHandler(deps.rateCounters(), config.limits().requestsPerMinute()));
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.limits().maxBodyBytes()));

    UserRepository users = new UserRepository(deps.pool());
    SessionRepository sessions = new SessionRepository(deps.pool());
    DeviceRepository devices = new DeviceRepository(deps.pool());
    ChatRepository chatRepository = new ChatRepository(deps.pool());
    MessageRepository messageRepository = new MessageRepository(deps.pool());
    ChatEvents events = deps.chatEvents();
    RoutePlatform platform = new RoutePlatform(
        new Endpoint.Factory(writer),
        new Authenticator(deps.authentication()),
        new IdempotencyHandler(deps.idempotency()));
    AccountEvents accountEvents = new AccountEvents(deps.outbox());
    LoginThrottle throttle = new LoginThrottle(deps.rateCounters(), config.limits());
    AuthService auth = new AuthService(users, sessions, deps.accessTokens(), deps.opaqueTokens(),
        deps.passwordHasher(), hashing, throttle, deps.ids(),
        deps.sessionCache(), config.tokens(), deps.geoIp(), accountEvents);

    PasswordResetService passwordResets = new PasswordResetService(deps.pool(), deps.outbox(), users, sessions,
        new PasswordResetRepository(deps.pool()), deps.passwordHasher(), hashing, throttle, deps.sessionCache());
    new AuthRoutes(platform, auth, users, passwordResets).mount(router);
    OAuthModule.mount(router, platform, new OAuthModule.Parts(config.oauth(), deps.pool(), http, deps.secrets(),
        deps.opaqueTokens(), deps.ids(), auth, users, sessions, deps.sessionCache(), accountEvents, devices,
        deps.participants(), events));
    new UserRoutes(platform, users).mount(router);
    AuditLog audit = new AuditLog(deps.pool(), deps.ids());
    OrganizationModule organizationModule = new OrganizationModule(deps.pool(), deps.ids());
    SubscriptionRepository subscriptions = new SubscriptionRepository(deps.pool(), deps.ids());
    Seats seats = new Seats(subscriptions, deps.plans(), organizationModule.organizations(),
        new InviteRepository(deps.pool()));
    MemberAudit memberAudit = organizationModule.memberAudit(audit, deps.outbox());
    new SessionRoutes(platform, sessions, auth, memberAudit).mount(router);
    new DeviceRoutes(platform, devices, users, deps.ids(), events, config.messaging(), memberAudit,
        deps.participants(), accountEvents).mount(router);
    ChatService chats = new ChatService(chatRepository, users, organizationModule.organizations(), deps.ids(), events,
        config.messaging(), deps.participants(), deps.outbox());
    new ChatRoutes(platform, chats).mount(router);
    organizationModule.mount(router, platform, deps.pool(), deps.ids(), users, audit, deps.outbox(),
        deps.opaqueTokens(), new InviteMail(deps.mails(), new MailTemplates(), deps.ids(), config.mail().publicAppUrl()),
        seats);
    BillingModule.mount(router, platform, new BillingModule.Parts(config.billing(), deps.pool(), http, deps.plans(),
        subscriptions, new AuditedWrites(deps.pool(), audit, deps.outbox()), deps.ids(), users,
        organizationModule.access(), deps.metrics()));
    new WebhookRoutes(platform, organizationModule.access(), new WebhookRepository(deps.pool()),
        new AuditedWrites(deps.pool(), audit, deps.outbox()), deps.secrets(), deps.opaqueTokens(), deps.ids())
        .mount(router);
    new KeyRoutes(platform, new KeyService(new PreKeyRepository(deps.pool()), devices, deps.rateCounters(), accountEvents,
        config.keys())).mount(router);
    new NotificationRoutes(platform, new NotificationRepository(deps.pool())).mount(router);
    new MessageRoutes(platform, new MessageService(deps.sender(), messageRepository, chatRepository, chats, devices, events,
        deps.fileReferences()), config.messaging()).mount(router);
    new FileRoutes(platform, new FileService(deps.pool(), new FileRepository(deps.pool()), deps.fileReferences(),
        chats, deps.objectStore(), deps.ids(), config.storage(), subscriptions, deps.plans())).mount(router);

    router.route().failureHandler(failures);
    router.errorHandler(400, ctx -> writer.error(ctx, ApiException.badRequest("Malformed request.")));
    router.errorHandler(404, ctx -> writer.error(ctx, ApiException.notFound("No such resource.")));
    router.errorHandler(405, ctx -> writer.error(ctx, ApiException.notFound("No such resource.")));
    router.errorHandler(500, failures);
    return router;
  }
}
