package io.coveton.rest.messages;

import io.coveton.rest.chats.ChatService;
import io.coveton.rest.platform.Caller;
import io.coveton.shared.chats.ChatRepository;
import io.coveton.shared.files.FileReferences;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.devices.Device;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.idempotency.IdempotentAttempt;
import io.coveton.shared.messages.EnvelopeSet;
import io.coveton.shared.messages.Message;
import io.coveton.shared.messages.MessageDraft;
import io.coveton.shared.messages.MessageRepository;
import io.coveton.shared.messages.MessageSender;
import io.coveton.shared.messages.ReactionSummary;
import io.coveton.shared.persistence.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Messages over REST: send, read history, edit, delete and react, each checked against the chat. */
public final class MessageService {
  private final MessageSender sender;
  private final MessageRepository messages;
  private final ChatRepository chats;
  private final ChatService chatAccess;
  private final DeviceRepository devices;
  private final ChatEvents events;
  private final FileReferences files;

  public MessageService(MessageSender sender, MessageRepository messages, ChatRepository chats,
      ChatService chatAccess, DeviceRepository devices, ChatEvents events, FileReferences files) {
    this.files = files;
    this.sender = sender;
    this.messages = messages;
    this.chats = chats;
    this.chatAccess = chatAccess;
    this.devices = devices;
    this.events = events;
  }

  /** {@code attempt}: the request's Idempotency-Key attempt, or null. */
  public Future<Message> send(Caller caller, MessageDraft draft, IdempotentAttempt attempt) {
    return sender.send(caller.userId(), caller.deviceId(), draft, Promise.promise(), attempt);
  }

  public Future<List<MessageView>> history(Caller caller, String chatId, PageRequest page) {
    return chatAccess.visibleChat(chatId, caller.userId())
        .compose(chat -> readerDevices(caller))
        .compose(readers -> messages.page(chatId, page.before(), page.limit(), readers))
        .map(list -> list.stream().map(m -> MessageView.forReader(m, caller.deviceId())).toList());
  }

  /** The sender replaces the ciphertext and the complete envelope set. */
  public Future<MessageView> edit(Caller caller, String messageId, Function<Message, MessageDraft> readEdit) {
    return ownMessage(caller, messageId).compose(message -> {
      MessageDraft edit = readEdit.apply(message);
      return chats.participants(List.of(message.chatId())).compose(byChat -> {
        Set<String> recipients = EnvelopeSet.expectedRecipients(byChat.getOrDefault(message.chatId(), List.of()),
            caller.deviceId());
        EnvelopeSet.check(recipients, edit.envelopes());
        return files.check(caller.userId(), message.chatId(), edit.fileIds())
            .compose(checked -> messages.replaceContent(messageId, edit))
            .onSuccess(updated -> events.messageEdited(updated.chatId(), messageId, recipients));
      });
    }).map(MessageView::stored);
  }

  public Future<Void> delete(Caller caller, String messageId) {
    return ownMessage(caller, messageId).compose(message -> messages.delete(messageId)
        .onSuccess(v -> events.messageDeleted(message.chatId(), messageId)));
  }

  public Future<JsonObject> react(Caller caller, String messageId, String reaction) {
    return visibleMessage(caller, messageId)
        .compose(message -> messages.toggleReaction(messageId, caller.userId(), reaction).map(summary -> {
          JsonArray reactions = summaryJson(summary);
          events.reactionUpdated(message.chatId(), messageId, reactions);
          return new JsonObject().put("messageId", messageId).put("reactions", reactions);
        }));
  }

  /** A message the caller can see: its chat is theirs and it has not expired. Otherwise 404. */
  public Future<Message> visibleMessage(Caller caller, String messageId) {
    if (!IdPrefix.MESSAGE.matches(messageId)) {
      return Future.failedFuture(ApiException.notFound("Message not found."));
    }
    return messages.find(messageId, List.of()).compose(message -> message == null
        ? Future.failedFuture(ApiException.notFound("Message not found."))
        : chatAccess.visibleChat(message.chatId(), caller.userId()).map(chat -> message));
  }

  private Future<Message> ownMessage(Caller caller, String messageId) {
    return visibleMessage(caller, messageId).compose(message -> message.senderUserId().equals(caller.userId())
        ? Future.succeededFuture(message)
        : Future.failedFuture(ApiException.forbidden("Only the sender may change this message.")));
  }

  private Future<List<String>> readerDevices(Caller caller) {
    if (caller.deviceId() != null) {
      return Future.succeededFuture(List.of(caller.deviceId()));
    }
    return devices.allActive(caller.userId()).map(list -> list.stream().map(Device::id).toList());
  }

  private static JsonArray summaryJson(List<ReactionSummary> summary) {
    JsonArray array = new JsonArray();
    summary.forEach(r -> array.add(new JsonObject().put("reaction", r.reaction()).put("count", r.count())
        .put("userIds", new JsonArray(r.userIds()))));
    return array;
  }
}
