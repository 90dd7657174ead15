package io.coveton.shared.keys;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.keys.KeyUpload.OneTimeKey;
import io.coveton.shared.keys.KeyUpload.SignedKey;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/** The key directory's tables: {@code device_keys} and {@code one_time_prekeys}. */
public final class PreKeyRepository {
  static final short EC = 0;
  static final short KYBER = 1;

  private static final String LOCK_KEYS =
      "SELECT registration_id, identity_key FROM device_keys WHERE device_id = $1 FOR UPDATE";
  private static final String INSERT_KEYS = """
      INSERT INTO device_keys (device_id, user_id, registration_id, identity_key, signed_prekey_id, signed_prekey,
          signed_prekey_signature, kyber_prekey_id, kyber_prekey, kyber_prekey_signature)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (device_id) DO NOTHING""";
  private static final String UPDATE_SIGNED = """
      UPDATE device_keys SET signed_prekey_id = $2, signed_prekey = $3, signed_prekey_signature = $4,
          updated_at = now() WHERE device_id = $1""";
  private static final String UPDATE_LAST_RESORT = """
      UPDATE device_keys SET kyber_prekey_id = $2, kyber_prekey = $3, kyber_prekey_signature = $4,
          updated_at = now() WHERE device_id = $1""";
  private static final String CLEAR_LOW_MARK = "UPDATE device_keys SET low_pool_notified = false WHERE device_id = $1";
  private static final String DELETE_POOL = "DELETE FROM one_time_prekeys WHERE device_id = $1 AND kind = $2";
  private static final String INSERT_ONE_TIME =
      "INSERT INTO one_time_prekeys (device_id, kind, key_id, public_key, signature) VALUES ($1, $2, $3, $4, $5)";
  private static final String COUNTS = """
      SELECT k.signed_prekey_id, k.kyber_prekey_id,
          (SELECT count(*) FROM one_time_prekeys o WHERE o.device_id = k.device_id AND o.kind = 0) AS ec,
          (SELECT count(*) FROM one_time_prekeys o WHERE o.device_id = k.device_id AND o.kind = 1) AS kyber
      FROM device_keys k WHERE k.device_id = $1""";
  /**
   * The keys of an active device of this user, its device row locked for the fetch: a revocation
   * committing meanwhile waits for it, so a revoked device's keys are never served. (Only the
   * device row: concurrent fetches that each marked the keys row would deadlock on the low-pool mark.)
   */
  private static final String BUNDLE_KEYS = """
      SELECT k.device_id, k.registration_id, k.identity_key, k.signed_prekey_id, k.signed_prekey,
          k.signed_prekey_signature, k.kyber_prekey_id, k.kyber_prekey, k.kyber_prekey_signature
      FROM device_keys k JOIN devices d ON d.id = k.device_id
      WHERE k.device_id = $1 AND d.user_id = $2 AND d.revoked_at IS NULL
      FOR SHARE OF d""";
  private static final String DEVICES_WITH_KEYS = """
      SELECT k.device_id FROM device_keys k JOIN devices d ON d.id = k.device_id
      WHERE d.user_id = $1 AND d.revoked_at IS NULL ORDER BY k.device_id""";
  /** One key of the pool, to this fetch alone: a key another fetch holds is skipped, never handed out twice. */
  private static final String TAKE_ONE = """
      DELETE FROM one_time_prekeys WHERE (device_id, kind, key_id) = (
          SELECT device_id, kind, key_id FROM one_time_prekeys WHERE device_id = $1 AND kind = $2
          ORDER BY key_id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING key_id, public_key, signature""";
  private static final String MARK_LOW = """
      UPDATE device_keys SET low_pool_notified = true WHERE device_id = $1 AND NOT low_pool_notified
      RETURNING device_id""";
  private static final String DELETE_DEVICE_KEYS = "DELETE FROM device_keys WHERE device_id = $1";
  private static final String DELETE_DEVICE_POOLS = "DELETE FROM one_time_prekeys WHERE device_id = $1";

  private final Pool pool;

  public PreKeyRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores an upload (already checked) for the caller's device, in one transaction. The identity
   * key and registration id of a device never change: another one is 409. The first upload must
   * carry the signed prekey and the last-resort Kyber prekey (422 otherwise).
   */
  public Future<Void> store(String deviceId, String userId, KeyUpload upload) {
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK_KEYS).execute(Tuple.of(deviceId)).compose(rows -> {
      if (rows.size() == 0) {
        return first(tx, deviceId, userId, upload);
      }
      Row stored = rows.iterator().next();
      if (stored.getInteger("registration_id") != upload.registrationId()
          || !Arrays.equals(bytes(stored, "identity_key"), upload.identityKey())) {
        return Future.failedFuture(ApiException.conflict(
            "A device's identity key and registration id never change; register a new device for new ones."));
      }
      return replace(tx, deviceId, upload);
    }));
  }

  private Future<Void> first(SqlConnection tx, String deviceId, String userId, KeyUpload upload) {
    if (upload.signedPreKey() == null || upload.kyberLastResortPreKey() == null) {
      return Future.failedFuture(ApiException.validation(upload.signedPreKey() == null ? "signedPreKey"
          : "kyberLastResortPreKey", "is required on a device's first upload"));
    }
    SignedKey signed = upload.signedPreKey();
    SignedKey lastResort = upload.kyberLastResortPreKey();
    return tx.preparedQuery(INSERT_KEYS).execute(Tuple.from(List.of(deviceId, userId, upload.registrationId(),
            Buffer.buffer(upload.identityKey()), signed.keyId(), Buffer.buffer(signed.publicKey()),
            Buffer.buffer(signed.signature()), lastResort.keyId(), Buffer.buffer(lastResort.publicKey()),
            Buffer.buffer(lastResort.signature()))))
        .compose(inserted -> inserted.rowCount() == 0
            ? Future.failedFuture(ApiException.conflict("Another upload for this device ran at the same time; send again."))
            : pools(tx, deviceId, upload));
  }

  private Future<Void> replace(SqlConnection tx, String deviceId, KeyUpload upload) {
    Future<Void> done = Future.succeededFuture();
    if (upload.signedPreKey() != null) {
      done = done.compose(v -> signedKey(tx, UPDATE_SIGNED, deviceId, upload.signedPreKey()));
    }
    if (upload.kyberLastResortPreKey() != null) {
      done = done.compose(v -> signedKey(tx, UPDATE_LAST_RESORT, deviceId, upload.kyberLastResortPreKey()));
    }
    return done.compose(v -> pools(tx, deviceId, upload));
  }

  private static Future<Void> signedKey(SqlConnection tx, String sql, String deviceId, SignedKey key) {
    return tx.preparedQuery(sql).execute(Tuple.of(deviceId, key.keyId(), Buffer.buffer(key.publicKey()),
        Buffer.buffer(key.signature()))).mapEmpty();
  }

  /** Each pool given replaces the stored one; a fresh pool may warrant a new low-pool notice. */
  private static Future<Void> pools(SqlConnection tx, String deviceId, KeyUpload upload) {
    Future<Void> done = Future.succeededFuture();
    if (upload.preKeys() != null) {
      List<Tuple> rows = upload.preKeys().stream()
          .map(k -> Tuple.of(deviceId, EC, k.keyId(), Buffer.buffer(k.publicKey()), null)).toList();
      done = done.compose(v -> replacePool(tx, deviceId, EC, rows));
    }
    if (upload.kyberPreKeys() != null) {
      List<Tuple> rows = upload.kyberPreKeys().stream().map(k -> Tuple.of(deviceId, KYBER, k.keyId(),
          Buffer.buffer(k.publicKey()), Buffer.buffer(k.signature()))).toList();
      done = done.compose(v -> replacePool(tx, deviceId, KYBER, rows));
    }
    if (upload.preKeys() != null || upload.kyberPreKeys() != null) {
      done = done.compose(v -> tx.preparedQuery(CLEAR_LOW_MARK).execute(Tuple.of(deviceId)).mapEmpty());
    }
    return done;
  }

  private static Future<Void> replacePool(SqlConnection tx, String deviceId, short kind, List<Tuple> rows) {
    Future<RowSet<Row>> deleted = tx.preparedQuery(DELETE_POOL).execute(Tuple.of(deviceId, kind));
    return rows.isEmpty() ? deleted.mapEmpty()
        : deleted.compose(v -> tx.preparedQuery(INSERT_ONE_TIME).executeBatch(rows)).mapEmpty();
  }

  /** The pools' sizes, or null when the device has uploaded nothing. */
  public Future<PreKeyCounts> counts(String deviceId) {
    return pool.preparedQuery(COUNTS).execute(Tuple.of(deviceId)).map(PreKeyRepository::countsOf);
  }

  private static PreKeyCounts countsOf(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new PreKeyCounts(row.getLong("ec").intValue(), row.getLong("kyber").intValue(),
        row.getInteger("signed_prekey_id"), row.getInteger("kyber_prekey_id"));
  }

  /** The active devices of this user that have keys up. */
  public Future<List<String>> devicesWithKeys(String userId) {
    return pool.preparedQuery(DEVICES_WITH_KEYS).execute(Tuple.of(userId)).map(rows -> {
      List<String> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getString("device_id")));
      return ids;
    });
  }

  /**
   * Takes a bundle of one active device of {@code userId}, consuming exactly one one-time prekey of
   * each kind (when its pool has one), in one transaction; null when the device has no keys up.
   * {@code onLow} runs in the same transaction, once per time a pool falls below {@code lowWatermark}.
   */
  public Future<PreKeyBundle> take(String userId, String deviceId, int lowWatermark,
      BiFunction<SqlConnection, PreKeyCounts, Future<Void>> onLow) {
    return pool.withTransaction(tx -> tx.preparedQuery(BUNDLE_KEYS).execute(Tuple.of(deviceId, userId)).compose(keys -> {
      if (keys.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row row = keys.iterator().next();
      return takeOne(tx, deviceId, EC).compose(ec -> takeOne(tx, deviceId, KYBER).compose(kyber -> {
        PreKeyBundle bundle = new PreKeyBundle(userId, deviceId, row.getInteger("registration_id"),
            bytes(row, "identity_key"),
            new SignedKey(row.getInteger("signed_prekey_id"), bytes(row, "signed_prekey"),
                bytes(row, "signed_prekey_signature")),
            ec == null ? null : new OneTimeKey(ec.getInteger("key_id"), bytes(ec, "public_key")),
            kyber != null ? signedOf(kyber) : new SignedKey(row.getInteger("kyber_prekey_id"), bytes(row, "kyber_prekey"),
                bytes(row, "kyber_prekey_signature")),
            kyber == null);
        return tx.preparedQuery(COUNTS).execute(Tuple.of(deviceId)).map(PreKeyRepository::countsOf)
            .compose(counts -> counts == null || !counts.below(lowWatermark) ? Future.succeededFuture(bundle)
                : tx.preparedQuery(MARK_LOW).execute(Tuple.of(deviceId)).compose(marked -> marked.size() == 0
                    ? Future.succeededFuture(bundle) : onLow.apply(tx, counts).map(bundle)));
      }));
    }));
  }

  private static Future<Row> takeOne(SqlConnection tx, String deviceId, short kind) {
    return tx.preparedQuery(TAKE_ONE).execute(Tuple.of(deviceId, kind))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  private static SignedKey signedOf(Row row) {
    return new SignedKey(row.getInteger("key_id"), bytes(row, "public_key"), bytes(row, "signature"));
  }

  /** A revoked device's keys go with it, in the revocation's transaction. */
  public static Future<Void> deleteOfDevice(SqlConnection tx, String deviceId) {
    return tx.preparedQuery(DELETE_DEVICE_POOLS).execute(Tuple.of(deviceId))
        .compose(v -> tx.preparedQuery(DELETE_DEVICE_KEYS).execute(Tuple.of(deviceId))).mapEmpty();
  }

  private static byte[] bytes(Row row, String column) {
    Buffer buffer = row.getBuffer(column);
    return buffer == null ? null : buffer.getBytes();
  }
}
