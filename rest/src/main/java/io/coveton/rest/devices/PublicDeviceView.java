package io.coveton.rest.devices;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.coveton.shared.devices.Device;
import java.time.Instant;

/** Another user's active device: what a client needs to seal envelopes to it, and no more. */
public record PublicDeviceView(String id, String platform, String publicKey, @JsonRawValue String keyBundle,
    Instant createdAt) {
  public static PublicDeviceView of(Device device) {
    return new PublicDeviceView(device.id(), device.platform(), device.publicKey(), device.keyBundleJson(),
        device.createdAt());
  }
}
