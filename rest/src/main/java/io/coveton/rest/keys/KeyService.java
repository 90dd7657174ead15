package io.coveton.rest.keys;

import io.coveton.shared.accounts.AccountEvents;
import io.coveton.shared.cluster.RateCounters;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.keys.KeyUpload;
import io.coveton.shared.keys.PreKeyBundle;
import io.coveton.shared.keys.PreKeyCounts;
import io.coveton.shared.keys.PreKeyRepository;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The key directory's rules: only a device's owner uploads or counts its keys; fetching bundles is
 * open to every signed-in user (they are how anyone starts an encrypted session) but limited per
 * caller, since each fetch consumes the target's one-time prekeys; the owner hears when a pool
 * runs low.
 */
public final class KeyService {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private final PreKeyRepository keys;
  private final DeviceRepository devices;
  private final RateCounters counters;
  private final AccountEvents events;
  private final CovetonConfig.KeyDirectorySettings settings;

  public KeyService(PreKeyRepository keys, DeviceRepository devices, RateCounters counters, AccountEvents events,
      CovetonConfig.KeyDirectorySettings settings) {
    this.keys = keys;
    this.devices = devices;
    this.counters = counters;
    this.events = events;
    this.settings = settings;
  }

  int maxPreKeysPerUpload() {
    return settings.maxPreKeysPerUpload();
  }

  /** The body is read (and its signatures checked) only once the device is known to be the caller's. */
  Future<Void> upload(String callerId, String deviceId, java.util.function.Supplier<KeyUpload> upload) {
    return ownActiveDevice(callerId, deviceId).compose(v -> keys.store(deviceId, callerId, upload.get()));
  }

  /** The pools of the caller's own device; all zero before its first upload. */
  Future<PreKeyCounts> counts(String callerId, String deviceId) {
    return ownActiveDevice(callerId, deviceId).compose(v -> keys.counts(deviceId))
        .map(counts -> counts != null ? counts : new PreKeyCounts(0, 0, null, null));
  }

  Future<PreKeyBundle> bundle(String callerId, String userId, String deviceId) {
    return allowFetch(callerId).compose(v -> take(userId, deviceId)).map(bundle -> {
      if (bundle == null) {
        throw ApiException.notFound("This device has no keys.");
      }
      return bundle;
    });
  }

  /**
   * One bundle per active device of the user that has keys up (an empty list when none has); each
   * counts against the caller's budget, as it consumes that device's keys.
   */
  Future<List<PreKeyBundle>> bundlesOfUser(String callerId, String userId) {
    return keys.devicesWithKeys(userId).compose(deviceIds -> {
      Future<List<PreKeyBundle>> all = Future.succeededFuture(new ArrayList<>());
      for (String deviceId : deviceIds) {
        all = all.compose(list -> allowFetch(callerId).compose(v -> take(userId, deviceId)).map(bundle -> {
          if (bundle != null) {
            list.add(bundle); // a device revoked meanwhile has no bundle
          }
          return list;
        }));
      }
      return all;
    });
  }

  private Future<PreKeyBundle> take(String userId, String deviceId) {
    return keys.take(userId, deviceId, settings.lowWatermark(),
        (tx, counts) -> events.preKeysLow(tx, userId, deviceId, counts.preKeys(), counts.kyberPreKeys()));
  }

  private Future<Void> allowFetch(String callerId) {
    return counters.increment("prekey-bundles:" + callerId, WINDOW).compose(count -> count.count()
        > settings.bundlesPerMinute()
        ? Future.failedFuture(ApiException.rateLimited(count.secondsUntilReset()))
        : Future.succeededFuture());
  }

  private Future<Void> ownActiveDevice(String callerId, String deviceId) {
    return devices.findActive(deviceId).compose(device -> device == null || !device.userId().equals(callerId)
        ? Future.failedFuture(ApiException.notFound("Device not found."))
        : Future.succeededFuture());
  }
}
