package io.coveton.shared.cluster;

/** Event-bus addresses shared by the REST verticles and the relay across the cluster. */
public final class ClusterAddresses {
  /** Published with a session id when a session is revoked; relays close its connections (4403). */
  public static final String SESSION_REVOKED = "coveton.session.revoked";

  /** Published with {userId, deviceId} when a device is revoked; relays close its connection (4403). */
  public static final String DEVICE_REVOKED = "coveton.device.revoked";

  private ClusterAddresses() {}
}
