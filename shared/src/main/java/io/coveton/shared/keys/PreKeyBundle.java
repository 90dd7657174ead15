package io.coveton.shared.keys;

import io.coveton.shared.keys.KeyUpload.OneTimeKey;
import io.coveton.shared.keys.KeyUpload.SignedKey;

/**
 * What a device needs to start a session with another (PQXDH): its identity key, its signed EC
 * prekey, a one-time EC prekey when the pool had one, and a Kyber prekey: a one-time one, or the
 * last-resort one when that pool was empty ({@code kyberPreKeyLastResort}).
 */
public record PreKeyBundle(String userId, String deviceId, int registrationId, byte[] identityKey,
    SignedKey signedPreKey, OneTimeKey preKey, SignedKey kyberPreKey, boolean kyberPreKeyLastResort) {}
