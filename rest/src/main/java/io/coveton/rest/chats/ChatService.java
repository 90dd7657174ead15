package io.coveton.rest.chats;

import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.chats.Chat;
import io.coveton.shared.chats.ChatRepository;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.chats.Participant;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.organizations.OrganizationRepository;
import io.coveton.shared.organizations.Permission;
import io.coveton.shared.outbox.Outbox;
import io.coveton.shared.persistence.InTransaction;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Chats and their membership. A chat the caller is not in answers 404, whatever the route. */
public final class ChatService {
  private final ChatRepository chats;
  private final UserRepository users;
  private final OrganizationRepository organizations;
  private final IdGenerator ids;
  private final ChatEvents events;
  private final CovetonConfig.MessagingSettings limits;
  private final ParticipantCache participantCache;
  private final Outbox outbox;

  public ChatService(ChatRepository chats, UserRepository users, OrganizationRepository organizations,
      IdGenerator ids, ChatEvents events, CovetonConfig.MessagingSettings limits, ParticipantCache participantCache,
      Outbox outbox) {
    this.outbox = outbox;
    this.chats = chats;
    this.users = users;
    this.organizations = organizations;
    this.ids = ids;
    this.events = events;
    this.limits = limits;
    this.participantCache = participantCache;
  }

  /** The direct chat with {@code otherUserId}: the existing one, or a new one ({@code created}). */
  public Future<Created> direct(String callerId, String otherUserId) {
    return requireUsersExist(List.of(otherUserId), "participantIds")
        .compose(v -> chats.findOrCreateDirect(ids.next(IdPrefix.CHAT), callerId, otherUserId))
        .compose(direct -> view(direct.chatId(), callerId).map(chat -> new Created(chat, direct.created())));
  }

  public Future<ChatView> group(String callerId, String name, List<String> otherUserIds, String organizationId) {
    List<String> members = new ArrayList<>();
    members.add(callerId);
    members.addAll(otherUserIds);
    if (members.size() > limits.maxGroupParticipants()) {
      return Future.failedFuture(ApiException.validation("participantIds",
          "a group holds at most " + limits.maxGroupParticipants() + " participants"));
    }
    String chatId = ids.next(IdPrefix.CHAT);
    Future<Void> allowed = organizationId == null
        ? requireUsersExist(otherUserIds, "participantIds")
        : requireOrganizationChat(organizationId, callerId, otherUserIds, "participantIds");
    return allowed
        .compose(v -> chats.createGroup(chatId, name, organizationId, callerId, members,
            added(chatId, name, callerId, otherUserIds)))
        .compose(v -> view(chatId, callerId));
  }

  public Future<List<ChatView>> list(String callerId, PageRequest page) {
    return chats.listForUser(callerId, page).compose(list -> {
      if (list.isEmpty()) {
        return Future.succeededFuture(List.<ChatView>of());
      }
      return chats.participants(list.stream().map(Chat::id).toList())
          .map(byChat -> list.stream().map(chat -> ChatView.of(chat, byChat.getOrDefault(chat.id(), List.of())))
              .toList());
    });
  }

  public Future<ChatView> view(String chatId, String callerId) {
    return visibleChat(chatId, callerId).compose(chat -> chats.participants(List.of(chatId))
        .map(byChat -> ChatView.of(chat, byChat.getOrDefault(chatId, List.of()))));
  }

  /** Group admins add members; answers the chat as it now is. */
  public Future<ChatView> addParticipants(String chatId, String callerId, List<String> userIds) {
    List<String> newcomers = new ArrayList<>();
    return adminOfGroup(chatId, callerId)
        .compose(participants -> {
          Set<String> after = new LinkedHashSet<>(participants.keySet());
          after.addAll(userIds);
          if (after.size() > limits.maxGroupParticipants()) {
            return Future.failedFuture(ApiException.validation("userIds",
                "a group holds at most " + limits.maxGroupParticipants() + " participants"));
          }
          userIds.stream().filter(id -> !participants.containsKey(id)).forEach(newcomers::add);
          return requireUsersExist(userIds, "userIds");
        })
        .compose(v -> chats.findForParticipant(chatId, callerId))
        // an organization's group stays inside it: newcomers must be active members, as at creation
        .compose(chat -> (chat.organizationId() == null || newcomers.isEmpty() ? Future.<Void>succeededFuture()
            : requireOrganizationChat(chat.organizationId(), callerId, newcomers, "userIds")).map(chat))
        .compose(chat -> chats.addMembers(chatId, userIds, added(chatId, chat.name(), callerId, newcomers)))
        .onSuccess(v -> {
          participantCache.chatChanged(chatId);
          events.chatUpdated(chatId);
        })
        .compose(v -> view(chatId, callerId));
  }

  /** An admin removes anyone; any participant may remove themself (leave the group). */
  public Future<Void> removeParticipant(String chatId, String callerId, String userId) {
    Future<Map<String, Participant>> allowed = callerId.equals(userId)
        ? groupParticipants(chatId, callerId)
        : adminOfGroup(chatId, callerId);
    return allowed.compose(participants -> {
      if (!participants.containsKey(userId)) {
        return Future.failedFuture(ApiException.notFound("Participant not found."));
      }
      return chats.removeParticipant(chatId, userId);
    }).onSuccess(v -> {
      participantCache.chatChanged(chatId);
      events.chatUpdated(chatId);
    }).mapEmpty();
  }

  public Future<Chat> visibleChat(String chatId, String callerId) {
    if (!IdPrefix.CHAT.matches(chatId)) {
      return Future.failedFuture(ApiException.notFound("Chat not found."));
    }
    return chats.findForParticipant(chatId, callerId).compose(chat -> chat == null
        ? Future.failedFuture(ApiException.notFound("Chat not found."))
        : Future.succeededFuture(chat));
  }

  private Future<Map<String, Participant>> groupParticipants(String chatId, String callerId) {
    return visibleChat(chatId, callerId).compose(chat -> {
      if (!chat.isGroup()) {
        return Future.failedFuture(ApiException.conflict("A direct chat's participants cannot change."));
      }
      return chats.participants(List.of(chatId)).map(byChat -> {
        Map<String, Participant> byUser = new java.util.LinkedHashMap<>();
        byChat.getOrDefault(chatId, List.of()).forEach(p -> byUser.put(p.userId(), p));
        return byUser;
      });
    });
  }

  private Future<Map<String, Participant>> adminOfGroup(String chatId, String callerId) {
    return groupParticipants(chatId, callerId).compose(participants -> {
      Participant caller = participants.get(callerId);
      return caller != null && caller.isAdmin()
          ? Future.succeededFuture(participants)
          : Future.failedFuture(ApiException.forbidden("Only the group's admins may change its participants."));
    });
  }

  /**
   * A group inside an organization: the caller needs {@code chats.create} there (an organization they
   * are not in is 404, as an unknown id), it must not be suspended, and every participant must be an
   * active member.
   */
  private Future<Void> requireOrganizationChat(String organizationId, String callerId, List<String> others,
      String field) {
    return organizations.membership(organizationId, callerId).compose(membership -> {
      if (membership == null || !membership.active()) {
        return Future.failedFuture(ApiException.notFound("Organization not found."));
      }
      if (!membership.can(Permission.CHATS_CREATE) || membership.organizationSuspended()) {
        return Future.failedFuture(ApiException.forbidden("You may not create chats in this organization."));
      }
      return organizations.activeMembers(organizationId, others);
    }).compose(found -> {
      List<FieldError> outsiders = new ArrayList<>();
      for (int i = 0; i < others.size(); i++) {
        if (!found.contains(others.get(i))) {
          outsiders.add(new FieldError(field, others.get(i) + " is not a member of the organization"));
        }
      }
      return outsiders.isEmpty() ? Future.succeededFuture() : Future.failedFuture(ApiException.validation(outsiders));
    });
  }

  private Future<Void> requireUsersExist(List<String> userIds, String field) {
    return users.existing(userIds).compose(found -> {
      List<FieldError> unknown = new ArrayList<>();
      for (int i = 0; i < userIds.size(); i++) {
        if (!found.contains(userIds.get(i))) {
          unknown.add(new FieldError(field, userIds.get(i) + " is not a user"));
        }
      }
      return unknown.isEmpty() ? Future.succeededFuture() : Future.failedFuture(ApiException.validation(unknown));
    });
  }

  /** One {@code chat.participant_added} event per user someone else added: they are told (a notification). */
  private InTransaction<Void> added(String chatId, String chatName, String addedBy, List<String> userIds) {
    return (tx, nothing) -> {
      Future<Void> emitted = Future.succeededFuture();
      for (String userId : userIds) {
        emitted = emitted.compose(v -> outbox.emit(tx, "chat.participant_added", chatId, new JsonObject()
            .put("chatId", chatId).put("name", chatName).put("userId", userId).put("addedBy", addedBy)));
      }
      return emitted;
    };
  }

  /** A chat, and whether this request created it. */
  public record Created(ChatView chat, boolean created) {}
}
