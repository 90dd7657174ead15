package io.coveton.shared.cluster;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a device's live connection is: which node, which connection, whose device. Stored in the
 * cluster-wide presence map (public fields so that Hazelcast can index and query them).
 */
public final class DeviceLocation implements Serializable {
  private static final long serialVersionUID = 1L;
  public final String deviceId;
  public final String userId;
  public final String nodeId;
  public final String connectionId;

  public DeviceLocation(String deviceId, String userId, String nodeId, String connectionId) {
    this.deviceId = deviceId;
    this.userId = userId;
    this.nodeId = nodeId;
    this.connectionId = connectionId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceLocation other && deviceId.equals(other.deviceId) && userId.equals(other.userId)
        && nodeId.equals(other.nodeId) && connectionId.equals(other.connectionId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deviceId, connectionId);
  }

  @Override
  public String toString() {
    return deviceId + "@" + nodeId + "/" + connectionId;
  }
}
