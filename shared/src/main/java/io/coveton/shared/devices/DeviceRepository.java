package io.coveton.shared.devices;

import io.coveton.shared.keys.PreKeyRepository;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.persistence.PgRows;
import io.coveton.shared.persistence.InTransaction;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** All SQL about devices. A revoked device is kept (revoked_at set) but no longer counts anywhere. */
public final class DeviceRepository {
  private static final String INSERT_UNDER_CAP =
      "INSERT INTO devices (id, user_id, name, platform, public_key, key_bundle) "
          + "SELECT $1, $2, $3, $4, $5, $6::text::json "
          + "WHERE (SELECT count(*) FROM devices WHERE user_id = $2 AND revoked_at IS NULL) < $7 "
          + "RETURNING " + Device.COLUMNS;
  private static final String LIST_ACTIVE =
      "SELECT " + Device.COLUMNS + " FROM devices WHERE user_id = $1 AND revoked_at IS NULL "
          + "AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3";
  private static final String ALL_ACTIVE_OF_USER =
      "SELECT " + Device.COLUMNS + " FROM devices WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC";
  private static final String ACTIVE_BY_ID =
      "SELECT " + Device.COLUMNS + " FROM devices WHERE id = $1 AND revoked_at IS NULL";
  private static final String REVOKE =
      "UPDATE devices SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id";

  private static final String REVOKE_ALL_OF_USER =
      "UPDATE devices SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id";

  private final Pool pool;

  public DeviceRepository(Pool pool) {
    this.pool = pool;
  }

  /** Registers a device; null when the user already has {@code maxActive} active devices. */
  public Future<Device> insert(Device device, int maxActive, InTransaction<Device> also) {
    Tuple params = Tuple.of(device.id(), device.userId(), device.name(), device.platform(), device.publicKey(),
        device.keyBundleJson(), maxActive);
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_UNDER_CAP).execute(params).map(DeviceRepository::first)
        .compose(created -> created == null ? Future.succeededFuture(null)
            : also.write(tx, created).map(created)));
  }

  public Future<List<Device>> listActive(String userId, PageRequest page) {
    return pool.preparedQuery(LIST_ACTIVE).execute(Tuple.of(userId, page.before(), page.limit()))
        .map(rows -> PgRows.list(rows, Device::fromRow));
  }

  public Future<List<Device>> allActive(String userId) {
    return pool.preparedQuery(ALL_ACTIVE_OF_USER).execute(Tuple.of(userId))
        .map(rows -> PgRows.list(rows, Device::fromRow));
  }

  public Future<Device> findActive(String deviceId) {
    return pool.preparedQuery(ACTIVE_BY_ID).execute(Tuple.of(deviceId)).map(DeviceRepository::first);
  }

  /** Revokes the user's device and drops what was pending for it; false when not theirs or not active. */
  public Future<Boolean> revoke(String deviceId, String userId, InTransaction<String> also) {
    return pool.withTransaction(conn -> conn.preparedQuery(REVOKE).execute(Tuple.of(deviceId, userId))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture(false)
            : DeliveryRepository.dropPendingOfDevice(conn, deviceId)
                .compose(ignored -> PreKeyRepository.deleteOfDevice(conn, deviceId))
                .compose(ignored -> also.write(conn, deviceId)).map(true)));
  }

  /** Revokes every active device of the user in the caller's transaction, dropping what was pending; their ids. */
  public Future<List<String>> revokeAllOfUser(SqlConnection tx, String userId) {
    return tx.preparedQuery(REVOKE_ALL_OF_USER).execute(Tuple.of(userId)).compose(rows -> {
      List<String> ids = PgRows.list(rows, row -> row.getString("id"));
      Future<Void> dropped = Future.succeededFuture();
      for (String id : ids) {
        dropped = dropped.compose(v -> DeliveryRepository.dropPendingOfDevice(tx, id))
            .compose(v -> PreKeyRepository.deleteOfDevice(tx, id));
      }
      return dropped.map(ids);
    });
  }

  private static Device first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Device.fromRow(rows.iterator().next());
  }
}
