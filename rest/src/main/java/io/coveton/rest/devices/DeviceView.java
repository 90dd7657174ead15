package io.coveton.rest.devices;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.coveton.shared.devices.Device;
import java.time.Instant;

/** A device as its owner sees it; {@code keyBundle} is served exactly as registered. */
public record DeviceView(
    String id, String name, String platform, String publicKey, @JsonRawValue String keyBundle, Instant createdAt,
    Instant lastSeenAt) {
  public static DeviceView of(Device device) {
    return new DeviceView(device.id(), device.name(), device.platform(), device.publicKey(),
        device.keyBundleJson(), device.createdAt(), device.lastSeenAt());
  }
}
