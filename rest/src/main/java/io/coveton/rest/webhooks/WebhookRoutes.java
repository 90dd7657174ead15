package io.coveton.rest.webhooks;

import io.coveton.rest.organizations.AuditedWrites;
import io.coveton.rest.organizations.OrgAccess;
import io.coveton.rest.organizations.OrgScope;
import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.crypto.SecretBox;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.Membership;
import io.coveton.shared.organizations.Permission;
import io.coveton.shared.tokens.OpaqueTokens;
import io.coveton.shared.validation.FieldReader;
import io.coveton.shared.webhooks.WebhookEndpoint;
import io.coveton.shared.webhooks.WebhookFanout;
import io.coveton.shared.webhooks.WebhookRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/webhook-endpoints}: an organization's outbound webhook endpoints (permission
 * {@code webhooks.manage}), their deliveries, redelivery, and secret rotation. The signing secret is
 * answered once, at creation and at rotation; the previous secret keeps signing for 24 hours.
 */
public final class WebhookRoutes {
  static final String SECRET_CONTEXT = "webhook-secret";
  static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
  private final RoutePlatform platform;
  private final OrgAccess access;
  private final WebhookRepository webhooks;
  private final AuditedWrites writes;
  private final SecretBox secrets;
  private final OpaqueTokens tokens;
  private final IdGenerator ids;

  public WebhookRoutes(RoutePlatform platform, OrgAccess access, WebhookRepository webhooks, AuditedWrites writes,
      SecretBox secrets, OpaqueTokens tokens, IdGenerator ids) {
    this.platform = platform;
    this.access = access;
    this.webhooks = webhooks;
    this.writes = writes;
    this.secrets = secrets;
    this.tokens = tokens;
    this.ids = ids;
  }

  public void mount(Router router) {
    OrgScope endpoint = OrgScope.resource("id", IdPrefix.WEBHOOK_ENDPOINT, "Webhook endpoint", webhooks::organizationOf);
    router.post("/v1/webhook-endpoints").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, OrgScope.bodyField())).handler(platform.idempotency())
        .handler(platform.endpoints().of(this::create));
    router.get("/v1/webhook-endpoints").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, OrgScope.queryParam()))
        .handler(platform.endpoints().of(this::list, "organizationId", "limit", "before"));
    router.get("/v1/webhook-endpoints/:id").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, endpoint)).handler(platform.endpoints().of(this::get));
    router.patch("/v1/webhook-endpoints/:id").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, endpoint)).handler(platform.endpoints().of(this::update));
    router.delete("/v1/webhook-endpoints/:id").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, endpoint)).handler(platform.endpoints().of(this::delete));
    router.post("/v1/webhook-endpoints/:id/rotate-secret").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, endpoint)).handler(platform.endpoints().of(this::rotate));
    router.get("/v1/webhook-endpoints/:id/deliveries").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, endpoint))
        .handler(platform.endpoints().of(this::deliveries, "limit", "before"));
    router.post("/v1/webhook-endpoints/:id/deliveries/:deliveryId/retry").handler(platform.authenticator())
        .handler(access.require(Permission.WEBHOOKS_MANAGE, endpoint)).handler(platform.endpoints().of(this::retry));
  }

  /** {organizationId, url, events[]}: 201 with the signing secret, shown this once. */
  private Future<ApiResponse> create(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String url = url(body, true);
    List<String> events = events(body, true);
    body.validate();
    Membership caller = OrgAccess.of(ctx);
    String secret = tokens.generate("whsec_");
    String id = ids.next(IdPrefix.WEBHOOK_ENDPOINT);
    return writes.write(AuditedWrites.actor(ctx),
            conn -> webhooks.insert(conn, id, caller.organizationId(), url, events,
                secrets.sealText(secret, SECRET_CONTEXT), caller.userId()),
            created -> new AuditedWrites.Entry(caller.organizationId(), "webhook_endpoint.created", "webhook_endpoint",
                id, new JsonObject().put("url", url).put("events", new JsonArray(events))))
        .map(created -> ApiResponse.created(view(created).put("secret", secret)));
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    return webhooks.ofOrganization(OrgAccess.of(ctx).organizationId(), Pagination.from(ctx, IdPrefix.WEBHOOK_ENDPOINT))
        .map(list -> ApiResponse.ok(new JsonArray(list.stream().map(WebhookRoutes::view).toList())));
  }

  private Future<ApiResponse> get(RoutingContext ctx) {
    return webhooks.find(ctx.pathParam("id")).map(found -> ApiResponse.ok(view(present(found))));
  }

  /** {url?, events?, status?: active|disabled}; re-enabling clears the failure streak. */
  private Future<ApiResponse> update(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String url = url(body, false);
    List<String> events = events(body, false);
    Object status = body.raw().getValue("status");
    if (status != null && !List.of("active", "disabled").contains(status)) {
      body.fail("status", "must be active or disabled");
    }
    body.validate();
    String id = ctx.pathParam("id");
    String org = OrgAccess.of(ctx).organizationId();
    return writes.write(AuditedWrites.actor(ctx), conn -> webhooks.update(conn, id, url, events, (String) status)
            .map(WebhookRoutes::present),
            updated -> new AuditedWrites.Entry(org, "webhook_endpoint.updated", "webhook_endpoint", id,
                new JsonObject().put("url", updated.url()).put("status", updated.status())))
        .map(updated -> ApiResponse.ok(view(updated)));
  }

  private Future<ApiResponse> delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String org = OrgAccess.of(ctx).organizationId();
    return writes.write(AuditedWrites.actor(ctx), conn -> webhooks.delete(conn, id),
        deleted -> AuditedWrites.Entry.of(org, "webhook_endpoint.deleted", "webhook_endpoint", id))
        .map(v -> ApiResponse.noContent());
  }

  /** A new secret, answered once; the old one keeps signing (a second v1) for 24 hours. */
  private Future<ApiResponse> rotate(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String org = OrgAccess.of(ctx).organizationId();
    String secret = tokens.generate("whsec_");
    return writes.write(AuditedWrites.actor(ctx),
            conn -> webhooks.rotate(conn, id, secrets.sealText(secret, SECRET_CONTEXT), ROTATION_OVERLAP)
                .map(WebhookRoutes::present),
            rotated -> AuditedWrites.Entry.of(org, "webhook_endpoint.secret_rotated", "webhook_endpoint", id))
        .map(rotated -> ApiResponse.ok(view(rotated).put("secret", secret)
            .put("previousSecretExpiresAt", rotated.previousSecretExpiresAt().toString())));
  }

  /** An endpoint deleted between the access check and this write is gone: 404 (and the write rolls back). */
  private static <T> T present(T endpoint) {
    if (endpoint == null) {
      throw ApiException.notFound("Webhook endpoint not found.");
    }
    return endpoint;
  }

  private Future<ApiResponse> deliveries(RoutingContext ctx) {
    return webhooks.deliveries(ctx.pathParam("id"), Pagination.from(ctx, IdPrefix.WEBHOOK_DELIVERY))
        .map(list -> ApiResponse.ok(new JsonArray(list)));
  }

  /** Sends the delivery again now: 202; another endpoint's delivery or an unknown one is 404. */
  private Future<ApiResponse> retry(RoutingContext ctx) {
    return webhooks.redeliver(ctx.pathParam("id"), ctx.pathParam("deliveryId")).map(found -> {
      if (!found) {
        throw ApiException.notFound("Delivery not found.");
      }
      return ApiResponse.accepted();
    });
  }

  private static String url(FieldReader body, boolean required) {
    Object value = body.raw().getValue("url");
    if (value == null) {
      return required ? body.fail("url", "is required") : null;
    }
    if (!(value instanceof String text) || text.length() > 2048) {
      return body.fail("url", "must be an http(s) URL of at most 2048 characters");
    }
    try {
      URI uri = new URI(text);
      boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
      if (!web || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
        return body.fail("url", "must be an absolute http(s) URL without user info or fragment");
      }
      return text;
    } catch (java.net.URISyntaxException e) {
      return body.fail("url", "must be an absolute http(s) URL without user info or fragment");
    }
  }

  private static List<String> events(FieldReader body, boolean required) {
    Object value = body.raw().getValue("events");
    if (value == null) {
      return required ? body.fail("events", "is required") : null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > 50) {
      return body.fail("events", "must be a list of 1 to 50 event types (or \"*\")");
    }
    List<String> events = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object type = array.getValue(i);
      if (type instanceof String text && (text.equals("*") || WebhookFanout.EVENT_TYPES.contains(text))) {
        if (!events.contains(text)) {
          events.add(text);
        }
      } else {
        body.fail("events[" + i + "]", "is not an event type; one of " + String.join(", ",
            WebhookFanout.EVENT_TYPES.stream().sorted().toList()) + ", or *");
      }
    }
    return events;
  }

  private static JsonObject view(WebhookEndpoint endpoint) {
    return new JsonObject().put("id", endpoint.id()).put("organizationId", endpoint.organizationId())
        .put("url", endpoint.url()).put("events", new JsonArray(endpoint.events())).put("status", endpoint.status())
        .put("failingSince", endpoint.failingSince() == null ? null : endpoint.failingSince().toString())
        .put("createdAt", endpoint.createdAt().toString()).put("updatedAt", endpoint.updatedAt().toString());
  }
}
