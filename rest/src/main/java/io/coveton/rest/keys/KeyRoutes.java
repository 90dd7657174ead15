package io.coveton.rest.keys;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.keys.KeyUpload;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The key directory: a device uploads the public halves of its Signal protocol keys; others fetch
 * a prekey bundle (consuming one one-time prekey of each kind) to start a session with it.
 */
public final class KeyRoutes {
  private final RoutePlatform platform;
  private final KeyService keys;

  public KeyRoutes(RoutePlatform platform, KeyService keys) {
    this.platform = platform;
    this.keys = keys;
  }

  public void mount(Router router) {
    router.put("/v1/devices/:id/keys").handler(platform.authenticator()).handler(platform.endpoints().of(this::upload));
    router.get("/v1/devices/:id/keys/count").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::count));
    router.get("/v1/users/:userId/devices/:deviceId/prekey-bundle").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::bundle));
    router.get("/v1/users/:userId/prekey-bundles").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::bundles));
  }

  private Future<ApiResponse> upload(RoutingContext ctx) {
    String deviceId = ownDevice(ctx);
    return keys.upload(Caller.of(ctx).userId(), deviceId, () -> KeyUpload.read(JsonBody.read(ctx), keys.maxPreKeysPerUpload()))
        .compose(v -> keys.counts(Caller.of(ctx).userId(), deviceId)).map(counts -> ApiResponse.ok(KeyViews.counts(counts)));
  }

  private Future<ApiResponse> count(RoutingContext ctx) {
    return keys.counts(Caller.of(ctx).userId(), ownDevice(ctx)).map(counts -> ApiResponse.ok(KeyViews.counts(counts)));
  }

  private Future<ApiResponse> bundle(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    String deviceId = ctx.pathParam("deviceId");
    if (!IdPrefix.USER.matches(userId) || !IdPrefix.DEVICE.matches(deviceId)) {
      throw ApiException.notFound("Device not found.");
    }
    return keys.bundle(Caller.of(ctx).userId(), userId, deviceId).map(bundle -> ApiResponse.ok(KeyViews.bundle(bundle)));
  }

  private Future<ApiResponse> bundles(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (!IdPrefix.USER.matches(userId)) {
      throw ApiException.notFound("User not found.");
    }
    return keys.bundlesOfUser(Caller.of(ctx).userId(), userId)
        .map(list -> ApiResponse.ok(list.stream().map(KeyViews::bundle).toList()));
  }

  private static String ownDevice(RoutingContext ctx) {
    String deviceId = ctx.pathParam("id");
    if (!IdPrefix.DEVICE.matches(deviceId)) {
      throw ApiException.notFound("Device not found.");
    }
    return deviceId;
  }
}
