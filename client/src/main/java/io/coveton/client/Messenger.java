package io.coveton.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveton.client.api.CovetonApi;
import io.coveton.client.api.Models;
import io.coveton.client.crypto.SignalDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * End-to-end-encrypted messages for one signed-in device: sends seal to every other device of the
 * chat (sessions set up from prekey bundles when needed), and when the server answers that the
 * chat's devices changed (409 with {@code missingDeviceIds} / {@code extraDeviceIds}) the sender
 * fetches the new devices' bundles, drops the gone ones and sends again.
 */
public final class Messenger {
  private static final int MAX_REKEYS = 3;
  private final CovetonApi api;
  private final SignalDevice device;
  private final String deviceId;
  private final Map<String, Map<String, String>> recipientsByChat = new java.util.concurrent.ConcurrentHashMap<>();
  /** What this device opened, by message id: a Signal message opens once, history may show it again. */
  private final Map<String, String> opened = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 10_000;
    }
  });

  public Messenger(CovetonApi api, SignalDevice device, String deviceId) {
    this.api = api;
    this.device = device;
    this.deviceId = deviceId;
  }

  public String deviceId() {
    return deviceId;
  }

  public SignalDevice device() {
    return device;
  }

  /** Sends {@code text} to the chat, encrypted for each of its devices but this one. */
  public Models.Message sendText(String chatId, String text) {
    // the devices last seen in this chat; the server says when they changed
    Map<String, String> owners = recipientsByChat.computeIfAbsent(chatId, id -> recipients(api.chat(id)));
    for (int attempt = 0; ; attempt++) {
      for (Map.Entry<String, String> recipient : owners.entrySet()) {
        if (!device.hasSession(recipient.getKey())) {
          device.startSession(api.preKeyBundle(recipient.getValue(), recipient.getKey()));
        }
      }
      SignalDevice.Sealed sealed = device.seal(text.getBytes(StandardCharsets.UTF_8),
          new SignalDevice.Context(chatId, deviceId, "text/plain"), List.copyOf(owners.keySet()));
      try {
        return api.sendMessage(deviceId, chatId, "text/plain", sealed.ciphertext(), sealed.envelopes());
      } catch (CovetonException.Conflict mismatch) {
        JsonNode error = mismatch.error();
        if (attempt >= MAX_REKEYS || error == null || !(error.has("missingDeviceIds") || error.has("extraDeviceIds"))) {
          throw mismatch;
        }
        // the chat's devices changed since we looked: re-key to the set the server names
        Set<String> missing = new LinkedHashSet<>();
        error.path("missingDeviceIds").forEach(id -> missing.add(id.asText()));
        error.path("extraDeviceIds").forEach(id -> {
          owners.remove(id.asText());
          device.forget(id.asText());
        });
        if (!missing.isEmpty()) {
          Map<String, String> now = recipients(api.chat(chatId));
          missing.forEach(id -> {
            if (now.containsKey(id)) {
              owners.put(id, now.get(id));
            }
          });
        }
      }
    }
  }

  /**
   * The plaintext of a message delivered to this device (by the relay or in history). A version
   * opens once (a Signal message cannot be opened twice): what was opened is kept by message id
   * and edit time, so that history can show it again and an edit opens as new.
   */
  public String open(String messageId, String editedAt, String chatId, String senderDeviceId, String contentType,
      String header, String ciphertext) {
    return opened.computeIfAbsent(messageId + "@" + (editedAt == null ? "" : editedAt), id -> new String(
        device.open(new SignalDevice.Context(chatId, senderDeviceId, contentType), header, ciphertext),
        StandardCharsets.UTF_8));
  }

  /** The plaintext of an {@code envelope} frame's message. */
  public String open(JsonNode relayMessage) {
    JsonNode edited = relayMessage.path("editedAt");
    return open(relayMessage.path("id").asText(), edited.isNull() || edited.isMissingNode() ? null : edited.asText(),
        relayMessage.path("chatId").asText(), relayMessage.path("senderDeviceId").asText(),
        relayMessage.path("contentType").asText(), relayMessage.path("header").asText(),
        relayMessage.path("ciphertext").asText());
  }

  /**
   * History as this device reads it, decrypted, newest first; messages this device sent carry no
   * envelope for it, and one that does not open is left out.
   */
  public List<String> history(String chatId, int limit) {
    List<String> texts = new ArrayList<>();
    for (Models.Message message : api.history(deviceId, chatId, limit, null)) {
      if (message.envelope() == null) {
        continue;
      }
      try {
        texts.add(open(message.id(), message.editedAt(), message.chatId(), message.senderDeviceId(),
            message.contentType(), message.envelope().header(), message.ciphertext()));
      } catch (SecurityException unreadable) {
        // one message that does not open (damaged, or not the one its sender sealed) hides only itself
      }
    }
    return texts;
  }

  /** Each device of the chat but this one, with its owner. */
  private Map<String, String> recipients(Models.Chat chat) {
    Map<String, String> owners = new java.util.concurrent.ConcurrentHashMap<>();
    for (Models.Participant participant : chat.participants()) {
      for (Models.ParticipantDevice d : participant.devices()) {
        if (!d.id().equals(deviceId)) {
          owners.put(d.id(), participant.userId());
        }
      }
    }
    return owners;
  }
}
