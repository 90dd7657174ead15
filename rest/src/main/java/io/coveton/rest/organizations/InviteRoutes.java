package io.coveton.rest.organizations;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.User;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.billing.Seats;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.Invite;
import io.coveton.shared.organizations.InviteRepository;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.organizations.Permission;
import io.coveton.shared.organizations.Role;
import io.coveton.shared.tokens.OpaqueTokens;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /v1/invites}: single-use, expiring invitations bound to an email address. The token is shown
 * once, in the answer to its creation, and stored only as a hash.
 */
public final class InviteRoutes {
  private static final Duration TTL = Duration.ofDays(7);
  private final RoutePlatform platform;
  private final OrgAccess access;
  private final InviteRepository invites;
  private final OrganizationRepository organizations;
  private final UserRepository users;
  private final RoleGrants grants;
  private final AuditedWrites writes;
  private final OpaqueTokens tokens;
  private final IdGenerator ids;
  private final InviteMail mail;
  private final Seats seats;

  InviteRoutes(RoutePlatform platform, OrgAccess access, InviteRepository invites, OrganizationRepository organizations,
      UserRepository users, io.coveton.shared.organizations.RoleRepository roles, AuditedWrites writes,
      OpaqueTokens tokens, IdGenerator ids, InviteMail mail, Seats seats) {
    this.seats = seats;
    this.platform = platform;
    this.access = access;
    this.invites = invites;
    this.organizations = organizations;
    this.users = users;
    this.grants = new RoleGrants(roles);
    this.writes = writes;
    this.tokens = tokens;
    this.ids = ids;
    this.mail = mail;
  }

  public void mount(Router router) {
    var endpoints = platform.endpoints();
    OrgScope inviteScope = OrgScope.resource("id", IdPrefix.INVITE, "Invite",
        id -> invites.find(id).map(invite -> invite == null ? null : invite.organizationId()));
    // accept first: "/v1/invites/accept" would otherwise match ":organizationId"
    router.post("/v1/invites/accept").handler(platform.authenticator()).handler(endpoints.of(this::accept));
    router.post("/v1/invites/:organizationId").handler(platform.authenticator())
        .handler(access.require(Permission.INVITES_MANAGE, OrgScope.pathParam("organizationId")))
        .handler(platform.idempotency()).handler(endpoints.of(this::create));
    router.get("/v1/invites").handler(platform.authenticator())
        .handler(access.require(Permission.INVITES_MANAGE, OrgScope.queryParam()))
        .handler(endpoints.of(this::pending, "organizationId", "limit", "before"));
    router.post("/v1/invites/:id/resend").handler(platform.authenticator())
        .handler(access.require(Permission.INVITES_MANAGE, inviteScope)).handler(endpoints.of(this::resend));
    router.delete("/v1/invites/:id").handler(platform.authenticator())
        .handler(access.require(Permission.INVITES_MANAGE, inviteScope)).handler(endpoints.of(this::revoke));
  }

  /** {email, role}: answers the invite with its token, once. */
  private Future<ApiResponse> create(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String email = body.requiredEmail("email");
    if (body.raw().getValue("role") == null) {
      body.fail("role", "is required");
    }
    body.validate();
    Membership caller = OrgAccess.of(ctx);
    String token = tokens.generate("it_");
    String id = ids.next(IdPrefix.INVITE);
    return grants.grantable(caller, body.raw().getValue("role"), "role").compose(role -> mailContext(caller)
        .compose(names -> writes.write(AuditedWrites.actor(ctx),
            conn -> seats.checkInvite(conn, caller.organizationId()).compose(v -> invites.create(conn, id,
                    caller.organizationId(), email, role.id(), OpaqueTokens.hash(token), caller.userId(),
                    Instant.now().plus(TTL)))
                .compose(invite -> mail.queue(conn, email, names.organization(), names.inviter(), token).map(invite)),
            invite -> new AuditedWrites.Entry(caller.organizationId(), "invite.created", "invite", id,
                new JsonObject().put("email", email).put("role", role.name()))))
        .map(invite -> ApiResponse.created(view(invite, role).put("token", token))));
  }

  /** A new token for a pending invite, mailed again; the old token stops working. Answers it once. */
  private Future<ApiResponse> resend(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Membership caller = OrgAccess.of(ctx);
    String token = tokens.generate("it_");
    return mailContext(caller).compose(names -> writes.write(AuditedWrites.actor(ctx),
            conn -> invites.replaceToken(conn, id, OpaqueTokens.hash(token), Instant.now().plus(TTL)).compose(invite -> {
              if (invite == null) {
                return Future.failedFuture(ApiException.notFound("No pending invite with this id."));
              }
              return mail.queue(conn, invite.email(), names.organization(), names.inviter(), token).map(invite);
            }),
            invite -> AuditedWrites.Entry.of(caller.organizationId(), "invite.resent", "invite", id)))
        .map(invite -> ApiResponse.ok(view(invite, null).put("token", token)));
  }

  private Future<MailNames> mailContext(Membership caller) {
    return organizations.find(caller.organizationId()).compose(org -> users.findById(caller.userId())
        .map(inviter -> new MailNames(org.name(), inviter.displayName())));
  }

  private record MailNames(String organization, String inviter) {}

  private Future<ApiResponse> pending(RoutingContext ctx) {
    return invites.pending(OrgAccess.of(ctx).organizationId(), Pagination.from(ctx, IdPrefix.INVITE))
        .map(list -> ApiResponse.ok(list.stream().map(i -> view(i, null)).toList()));
  }

  private Future<ApiResponse> revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String org = OrgAccess.of(ctx).organizationId();
    return writes.write(AuditedWrites.actor(ctx), conn -> invites.revoke(conn, id).map(revoked -> {
      if (!revoked) {
        throw ApiException.notFound("No pending invite with this id.");
      }
      return revoked;
    }), v -> AuditedWrites.Entry.of(org, "invite.revoked", "invite", id)).map(v -> ApiResponse.noContent());
  }

  /**
   * {token}: joins with the invite's role. Unknown or revoked tokens are 404; an invite already used
   * or past its expiry is 409; an invite for another email than the caller's is 403.
   */
  private Future<ApiResponse> accept(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String token = body.requiredSecret("token", 1, 256);
    body.validate();
    Caller caller = Caller.of(ctx);
    return users.findById(caller.userId()).compose(user -> writes.write(AuditedWrites.actor(ctx),
        conn -> invites.lockByToken(conn, OpaqueTokens.hash(token)).compose(invite -> {
          checkAcceptable(invite, user);
          return organizations.find(invite.organizationId()).compose(org -> {
            if (org.suspended()) {
              return Future.failedFuture(ApiException.forbidden("The organization is suspended."));
            }
            return seats.checkAccept(conn, invite.organizationId())
                .compose(v -> organizations.addMember(conn, invite.organizationId(), user.id(), invite.roleId()))
                .compose(v -> invites.markAccepted(conn, invite.id(), user.id()))
                .map(invite);
          });
        }),
        invite -> new AuditedWrites.Entry(invite.organizationId(), "invite.accepted", "invite", invite.id(),
            new JsonObject().put("userId", user.id()))))
        .compose(invite -> organizations.member(invite.organizationId(), caller.userId())
            .map(member -> ApiResponse.ok(new Accepted(invite.organizationId(), MemberView.of(member)))));
  }

  private static void checkAcceptable(Invite invite, User user) {
    if (invite == null || invite.revokedAt() != null) {
      throw ApiException.notFound("No such invite.");
    }
    if (invite.acceptedAt() != null) {
      throw ApiException.conflict("This invite has already been used.");
    }
    if (invite.expiresAt().isBefore(Instant.now())) {
      throw ApiException.conflict("This invite has expired.");
    }
    if (!User.normalizeEmail(invite.email()).equals(User.normalizeEmail(user.email()))) {
      throw ApiException.forbidden("This invite was sent to another email address.");
    }
  }

  /** The answer to accepting: the organization joined and the new membership. */
  record Accepted(String organizationId, MemberView member) {}

  private static JsonObject view(Invite invite, Role role) {
    return new JsonObject().put("id", invite.id()).put("organizationId", invite.organizationId())
        .put("email", invite.email()).put("role", role == null ? invite.roleId() : role.name())
        .put("roleId", invite.roleId())
        .put("expiresAt", io.coveton.shared.json.WireJson.timestamp(invite.expiresAt()))
        .put("createdAt", io.coveton.shared.json.WireJson.timestamp(invite.createdAt()));
  }
}
