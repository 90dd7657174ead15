package io.coveton.shared.keys;

/** What is left of a device's one-time prekey pools, and which signed keys it has up. */
public record PreKeyCounts(int preKeys, int kyberPreKeys, Integer signedPreKeyId, Integer kyberLastResortPreKeyId) {

  public boolean below(int lowWatermark) {
    return preKeys < lowWatermark || kyberPreKeys < lowWatermark;
  }
}
