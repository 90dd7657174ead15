package io.coveton.rest.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coveton.shared.messages.Envelope;
import io.coveton.shared.messages.Message;
import io.coveton.shared.messages.ReactionSummary;
import java.time.Instant;
import java.util.List;

/**
 * A message on the wire. Reading as a device shows that device's {@code envelope}; reading as an
 * account shows {@code envelopes} of the caller's own devices; the answer to a send shows neither.
 */
public record MessageView(
    String id,
    String chatId,
    String senderUserId,
    String senderDeviceId,
    String contentType,
    String ciphertext,
    List<String> fileIds,
    Instant createdAt,
    Instant editedAt,
    Instant expiresAt,
    List<ReactionSummary> reactions,
    @JsonInclude(JsonInclude.Include.NON_NULL) Envelope envelope,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Envelope> envelopes) {

  public static MessageView stored(Message m) {
    return new MessageView(m.id(), m.chatId(), m.senderUserId(), m.senderDeviceId(), m.contentType(), m.ciphertext(),
        m.fileIds(), m.createdAt(), m.editedAt(), m.expiresAt(), m.reactions(), null, null);
  }

  public static MessageView forReader(Message m, String actingDeviceId) {
    Envelope own = actingDeviceId == null ? null
        : m.envelopes().stream().filter(e -> e.deviceId().equals(actingDeviceId)).findFirst().orElse(null);
    return new MessageView(m.id(), m.chatId(), m.senderUserId(), m.senderDeviceId(), m.contentType(), m.ciphertext(),
        m.fileIds(), m.createdAt(), m.editedAt(), m.expiresAt(), m.reactions(), own,
        actingDeviceId == null ? m.envelopes() : null);
  }
}
