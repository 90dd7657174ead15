package io.coveton.shared.notifications;

import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.outbox.OutboxConsumer;
import io.coveton.shared.outbox.OutboxEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;

/**
 * Turns account events into the user's in-app security notices, in the transaction that marks the
 * event handled (so each is created exactly once): {@code new_device} when a device is registered on
 * the account (a new device can read future messages, so every E2E messenger tells the user), and
 * {@code new_sign_in} for a session opened by signing in (not the one a registration opens),
 * {@code password_changed} after a reset, {@code role_changed} for the member whose role an
 * organization changed, {@code added_to_chat} for whoever someone else put in a group,
 * {@code invited} when an invite names the email of an existing account, {@code joined_organization}
 * once an invite is accepted (seen on the member's other devices), and {@code identity_linked} /
 * {@code identity_unlinked} when a Google or GitHub account is linked to, or unlinked from, theirs,
 * and {@code prekeys_low} when fetches left one of a device's one-time prekey pools nearly empty.
 */
public final class NotificationConsumer implements OutboxConsumer {
  private final NotificationRepository notifications;
  private final IdGenerator ids;
  private final NotificationPush push;
  private final UserRepository users;

  public NotificationConsumer(NotificationRepository notifications, IdGenerator ids, NotificationPush push,
      UserRepository users) {
    this.notifications = notifications;
    this.ids = ids;
    this.push = push;
    this.users = users;
  }

  @Override
  public String name() {
    return "notifications";
  }

  @Override
  public Set<String> eventTypes() {
    return Set.of("device.added", "session.created", "password.changed", "member.role_changed",
        "chat.participant_added", "invite.created", "invite.accepted", "identity.linked", "identity.unlinked",
        "device.prekeys_low");
  }

  @Override
  public Future<Runnable> handle(SqlConnection tx, OutboxEvent event) {
    JsonObject payload = event.payload();
    String userId = payload.getString("userId");
    return switch (event.type()) {
      case "device.added" -> notify(tx, event, userId, "new_device", new JsonObject()
          .put("deviceId", payload.getString("deviceId")).put("name", payload.getString("name"))
          .put("platform", payload.getString("platform")));
      case "session.created" -> "register".equals(payload.getString("reason")) ? Future.succeededFuture(null)
          : notify(tx, event, userId, "new_sign_in", new JsonObject().put("sessionId", payload.getString("sessionId"))
              .put("ip", payload.getString("ip")).put("userAgent", payload.getString("userAgent"))
              .put("location", payload.getString("location")));
      case "password.changed" -> notify(tx, event, userId, "password_changed", new JsonObject());
      case "member.role_changed" -> notify(tx, event, payload.getString("targetId"), "role_changed", new JsonObject()
          .put("organizationId", payload.getString("organizationId"))
          .put("oldRole", payload.getJsonObject("metadata").getString("oldRole"))
          .put("newRole", payload.getJsonObject("metadata").getString("newRole")));
      case "chat.participant_added" -> notify(tx, event, userId, "added_to_chat", new JsonObject()
          .put("chatId", payload.getString("chatId")).put("name", payload.getString("name"))
          .put("addedBy", payload.getString("addedBy")));
      case "invite.created" -> users.findByEmail(payload.getJsonObject("metadata").getString("email"))
          .compose(invitee -> invitee == null ? Future.succeededFuture(null)
              : notify(tx, event, invitee.id(), "invited", new JsonObject()
                  .put("organizationId", payload.getString("organizationId"))
                  .put("inviteId", payload.getString("targetId"))
                  .put("role", payload.getJsonObject("metadata").getString("role"))));
      case "invite.accepted" -> notify(tx, event, payload.getJsonObject("metadata").getString("userId"),
          "joined_organization", new JsonObject().put("organizationId", payload.getString("organizationId"))
              .put("inviteId", payload.getString("targetId")));
      case "identity.linked" -> notify(tx, event, userId, "identity_linked", new JsonObject()
          .put("provider", payload.getString("provider")).put("email", payload.getString("email"))
          .put("passwordRemoved", payload.getBoolean("passwordRemoved")));
      case "identity.unlinked" -> notify(tx, event, userId, "identity_unlinked", new JsonObject()
          .put("provider", payload.getString("provider")));
      case "device.prekeys_low" -> notify(tx, event, userId, "prekeys_low", new JsonObject()
          .put("deviceId", payload.getString("deviceId")).put("preKeys", payload.getInteger("preKeys"))
          .put("kyberPreKeys", payload.getInteger("kyberPreKeys")));
      default -> Future.succeededFuture(null);
    };
  }

  /** Creates it, and once that has committed, pushes it live (not when this event had already made it). */
  private Future<Runnable> notify(SqlConnection tx, OutboxEvent event, String userId, String type, JsonObject data) {
    return notifications.insert(tx, ids.next(IdPrefix.NOTIFICATION), userId, type, data, event.id())
        .map(created -> created == null ? null : () -> push.push(userId, created));
  }
}
