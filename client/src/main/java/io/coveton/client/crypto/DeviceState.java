package io.coveton.client.crypto;

import org.signal.libsignal.protocol.state.SignalProtocolStore;

/**
 * Where a device keeps what the Signal protocol needs across runs: its identity, prekeys, sessions
 * and the identities it has seen ({@link SignalProtocolStore}), and its Coveton device id. The SDK
 * ships {@link FileDeviceState}; an app may keep the same in its own secure storage.
 */
public interface DeviceState extends SignalProtocolStore {
  /** The Coveton id of this device once registered, else null. */
  String deviceId();

  void deviceId(String deviceId);

  /** The next free id for a one-time prekey (ids are never reused). */
  int nextPreKeyId();

  void nextPreKeyId(int next);

  /** The id of the last-resort Kyber prekey (kept after use; one-time ones are deleted), or -1. */
  int lastResortKyberPreKeyId();

  void lastResortKyberPreKeyId(int kyberPreKeyId);
}
