package io.coveton.rest.devices;

import io.coveton.rest.organizations.AuditedWrites;
import io.coveton.rest.organizations.MemberAudit;
import io.coveton.shared.accounts.AccountEvents;
import io.coveton.shared.persistence.InTransaction;
import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.Pagination;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.devices.Device;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** {@code /v1/devices}: register, list and revoke the caller's devices; look up another user's keys. */
public final class DeviceRoutes {
  private static final int MAX_PUBLIC_KEY_CHARS = 8192;
  private static final int MAX_KEY_BUNDLE_BYTES = 64 * 1024;
  private final RoutePlatform platform;
  private final DeviceRepository devices;
  private final UserRepository users;
  private final IdGenerator ids;
  private final ChatEvents events;
  private final CovetonConfig.MessagingSettings limits;
  private final MemberAudit audit;
  private final ParticipantCache participants;
  private final AccountEvents accountEvents;

  public DeviceRoutes(RoutePlatform platform, DeviceRepository devices, UserRepository users, IdGenerator ids,
      ChatEvents events, CovetonConfig.MessagingSettings limits, MemberAudit audit, ParticipantCache participants,
      AccountEvents accountEvents) {
    this.platform = platform;
    this.devices = devices;
    this.users = users;
    this.ids = ids;
    this.events = events;
    this.limits = limits;
    this.audit = audit;
    this.participants = participants;
    this.accountEvents = accountEvents;
  }

  public void mount(Router router) {
    router.post("/v1/devices").handler(platform.authenticator()).handler(platform.idempotency())
        .handler(platform.endpoints().of(this::register));
    router.get("/v1/devices").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::list, "limit", "before"));
    router.delete("/v1/devices/:id").handler(platform.authenticator()).handler(platform.endpoints().of(this::revoke));
    router.get("/v1/users/:userId/devices").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::ofUser));
  }

  private Future<ApiResponse> register(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String name = body.requiredString("name", 1, 64);
    String platformName = body.requiredString("platform", 1, 16);
    if (platformName != null && !Device.PLATFORMS.contains(platformName)) {
      body.fail("platform", "must be one of ios, android, web, desktop, server");
    }
    String publicKey = body.requiredSecret("publicKey", 1, MAX_PUBLIC_KEY_CHARS);
    String keyBundle = keyBundle(body);
    body.validate();
    Instant now = Instant.now();
    Device device = new Device(ids.next(IdPrefix.DEVICE), Caller.of(ctx).userId(), name, platformName, publicKey,
        keyBundle, now, now, null);
    return devices.insert(device, limits.maxDevicesPerUser(), accountEvents.deviceAdded()).map(stored -> {
      if (stored == null) {
        throw ApiException.conflict("You already have " + limits.maxDevicesPerUser() + " active devices.");
      }
      participants.devicesChanged();
      return ApiResponse.created(DeviceView.of(stored));
    });
  }

  /** Any JSON value, stored and served as the client encoded it. */
  private static String keyBundle(FieldReader body) {
    if (!body.has("keyBundle") || body.raw().getValue("keyBundle") == null) {
      return null;
    }
    String encoded = Json.encode(body.raw().getValue("keyBundle"));
    return encoded.length() > MAX_KEY_BUNDLE_BYTES
        ? body.fail("keyBundle", "must be at most " + MAX_KEY_BUNDLE_BYTES + " bytes")
        : encoded;
  }

  private Future<ApiResponse> list(RoutingContext ctx) {
    return devices.listActive(Caller.of(ctx).userId(), Pagination.from(ctx, IdPrefix.DEVICE))
        .map(list -> ApiResponse.ok(list.stream().map(DeviceView::of).toList()));
  }

  /** Revokes at once: pending envelopes dropped, no longer a recipient, relay connection closed. */
  private Future<ApiResponse> revoke(RoutingContext ctx) {
    String userId = Caller.of(ctx).userId();
    String deviceId = ctx.pathParam("id");
    if (!IdPrefix.DEVICE.matches(deviceId)) {
      throw ApiException.notFound("Device not found.");
    }
    InTransaction<String> alsoWritten = audit.entries(userId, AuditedWrites.actor(ctx), "device.removed", "device")
        .and(accountEvents.deviceRemoved(userId));
    return devices.revoke(deviceId, userId, alsoWritten).map(revoked -> {
      if (!revoked) {
        throw ApiException.notFound("Device not found.");
      }
      participants.devicesChanged();
      events.deviceRevoked(userId, deviceId);
      return ApiResponse.noContent();
    });
  }

  private Future<ApiResponse> ofUser(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (!IdPrefix.USER.matches(userId)) {
      throw ApiException.notFound("User not found.");
    }
    return users.findById(userId).compose(user -> {
      if (user == null) {
        return Future.failedFuture(ApiException.notFound("User not found."));
      }
      return devices.allActive(userId)
          .map(list -> ApiResponse.ok(list.stream().map(PublicDeviceView::of).toList()));
    });
  }
}
