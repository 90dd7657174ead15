package io.coveton.rest.organizations;

import io.coveton.shared.organizations.Organization;
import java.time.Instant;
import java.util.Map;

/** An organization on the wire. */
public record OrganizationView(String id, String name, String slug, Map<String, Object> settings,
    Map<String, Object> branding, String status, Instant suspendedAt, Instant createdAt, Instant updatedAt) {
  public static OrganizationView of(Organization o) {
    return new OrganizationView(o.id(), o.name(), o.slug(), o.settings().getMap(), o.branding().getMap(), o.status(),
        o.suspendedAt(), o.createdAt(), o.updatedAt());
  }
}
