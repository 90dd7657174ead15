package io.coveton.rest.organizations;

import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.audit.AuditTrail;
import io.coveton.shared.billing.Seats;
import io.coveton.shared.outbox.Outbox;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.organizations.InviteRepository;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.organizations.RoleRepository;
import io.coveton.shared.organizations.UnitKind;
import io.coveton.shared.organizations.UnitRepository;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/** The tenant layer's routes: organizations, members, roles, teams, departments, invites, audit logs. */
public final class OrganizationModule {
  private final OrganizationRepository organizations;
  private final OrgAccess access;

  public OrganizationModule(Pool pool, IdGenerator ids) {
    this.organizations = new OrganizationRepository(pool, ids);
    this.access = new OrgAccess(organizations);
  }

  public OrganizationRepository organizations() {
    return organizations;
  }

  public OrgAccess access() {
    return access;
  }

  public MemberAudit memberAudit(AuditLog audit, Outbox outbox) {
    return new MemberAudit(organizations, new AuditTrail(audit, outbox));
  }

  public void mount(Router router, RoutePlatform platform, Pool pool, IdGenerator ids, UserRepository users,
      AuditLog audit, Outbox outbox, OpaqueTokens tokens, InviteMail inviteMail, Seats seats) {
    RoleRepository roles = new RoleRepository(pool, ids);
    AuditedWrites writes = new AuditedWrites(pool, audit, outbox);
    RoleGrants grants = new RoleGrants(roles);
    new OrganizationRoutes(platform, access, new OrganizationService(organizations, grants, writes, seats), organizations)
        .mount(router);
    new RoleRoutes(platform, access, roles, writes).mount(router);
    for (UnitKind kind : UnitKind.values()) {
      new UnitRoutes(platform, access, new UnitRepository(pool, ids, kind), organizations, writes).mount(router);
    }
    new InviteRoutes(platform, access, new InviteRepository(pool), organizations, users, roles, writes, tokens, ids,
        inviteMail, seats)
        .mount(router);
    new AuditRoutes(platform, access, audit).mount(router);
  }
}
