package io.coveton.shared.accounts;

import io.coveton.shared.devices.Device;
import io.coveton.shared.outbox.Outbox;
import io.coveton.shared.persistence.InTransaction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

/** The outbox events of account changes, written in the change's transaction; the aggregate is the user. */
public final class AccountEvents {
  private final Outbox outbox;

  public AccountEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  public InTransaction<Device> deviceAdded() {
    return (tx, device) -> outbox.emit(tx, "device.added", device.userId(), new JsonObject()
        .put("userId", device.userId()).put("deviceId", device.id()).put("name", device.name())
        .put("platform", device.platform()));
  }

  public InTransaction<String> deviceRemoved(String userId) {
    return (tx, deviceId) -> outbox.emit(tx, "device.removed", userId, new JsonObject().put("userId", userId)
        .put("deviceId", deviceId));
  }

  /** {@code reason}: {@code register}, {@code login} or {@code oauth}. */
  public InTransaction<Session> sessionCreated(String reason) {
    return (tx, session) -> outbox.emit(tx, "session.created", session.userId(), new JsonObject()
        .put("userId", session.userId()).put("sessionId", session.id()).put("ip", session.ip())
        .put("userAgent", session.userAgent()).put("location", session.location()).put("reason", reason));
  }

  /** {@code passwordRemoved}: linking dropped a password nobody had proved the mailbox for. */
  public Future<Void> identityLinked(SqlConnection tx, String userId, String provider,
      String email, boolean passwordRemoved) {
    return outbox.emit(tx, "identity.linked", userId, new JsonObject().put("userId", userId).put("provider", provider)
        .put("email", email).put("passwordRemoved", passwordRemoved));
  }

  public Future<Void> identityUnlinked(SqlConnection tx, String userId,
      String provider) {
    return outbox.emit(tx, "identity.unlinked", userId, new JsonObject().put("userId", userId)
        .put("provider", provider));
  }

  /** A fetch left one of the device's one-time prekey pools below the low watermark. */
  public Future<Void> preKeysLow(SqlConnection tx, String userId, String deviceId, int preKeys, int kyberPreKeys) {
    return outbox.emit(tx, "device.prekeys_low", userId, new JsonObject().put("userId", userId)
        .put("deviceId", deviceId).put("preKeys", preKeys).put("kyberPreKeys", kyberPreKeys));
  }

  public InTransaction<String> sessionRevoked(String userId, String reason) {
    return (tx, sessionId) -> outbox.emit(tx, "session.revoked", userId, new JsonObject().put("userId", userId)
        .put("sessionId", sessionId).put("reason", reason));
  }
}
