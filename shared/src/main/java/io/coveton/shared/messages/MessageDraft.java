package io.coveton.shared.messages;

import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.id.OpaqueId;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A message as a client sends it (REST or relay), validated field by field. */
public record MessageDraft(
    String chatId, String contentType, String ciphertext, List<Envelope> envelopes, Instant expiresAt,
    List<String> fileIds) {

  /** Reads a send: every field named in one 422 if anything is wrong. */
  public static MessageDraft readSend(FieldReader body, CovetonConfig.MessagingSettings limits, Instant now) {
    String chatId = body.requiredId("chatId");
    MessageDraft content = readContent(body, limits, now, true);
    body.validate();
    return new MessageDraft(chatId, content.contentType(), content.ciphertext(), content.envelopes(),
        content.expiresAt(), content.fileIds());
  }

  /** Reads an edit: new ciphertext and a complete envelope set; contentType and fileIds optional. */
  public static MessageDraft readEdit(FieldReader body, CovetonConfig.MessagingSettings limits) {
    MessageDraft content = readContent(body, limits, null, false);
    body.validate();
    return content;
  }

  private static MessageDraft readContent(FieldReader body, CovetonConfig.MessagingSettings limits, Instant now,
      boolean contentTypeRequired) {
    String contentType = contentTypeRequired
        ? body.requiredString("contentType", 1, 255)
        : body.optionalString("contentType", 1, 255);
    String ciphertext = opaque(body, "ciphertext", limits.maxCiphertextChars());
    List<Envelope> envelopes = envelopes(body, limits);
    Instant expiresAt = now == null ? null : expiresAt(body, now);
    // an edit without fileIds keeps the message's files (null); a send without them has none
    List<String> fileIds = body.raw().getValue("fileIds") != null ? fileIds(body) : now == null ? null : List.of();
    return new MessageDraft(null, contentType, ciphertext, envelopes, expiresAt, fileIds);
  }

  /** Opaque strings are taken exactly as sent: not trimmed, not decoded. */
  private static String opaque(FieldReader body, String field, int maxChars) {
    Object value = body.raw().getValue(field);
    if (!(value instanceof String text)) {
      return body.fail(field, value == null ? "is required" : "must be a string");
    }
    if (text.isEmpty() || text.length() > maxChars) {
      return body.fail(field, "must be 1 to " + maxChars + " characters");
    }
    return text;
  }

  private static List<Envelope> envelopes(FieldReader body, CovetonConfig.MessagingSettings limits) {
    Object value = body.raw().getValue("envelopes");
    if (!(value instanceof JsonArray array)) {
      return body.fail("envelopes", value == null ? "is required" : "must be an array");
    }
    if (array.size() > limits.maxEnvelopes()) {
      return body.fail("envelopes", "must hold at most " + limits.maxEnvelopes() + " envelopes");
    }
    List<Envelope> envelopes = new ArrayList<>(array.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "envelopes[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject item)) {
        body.fail(path, "must be an object");
        continue;
      }
      Object deviceId = item.getValue("deviceId");
      Object header = item.getValue("header");
      if (!OpaqueId.wellFormed(deviceId)) {
        body.fail(path + ".deviceId", deviceId == null ? "is required" : OpaqueId.DESCRIPTION);
      } else if (!seen.add((String) deviceId)) {
        body.fail(path + ".deviceId", "appears more than once");
      }
      if (!(header instanceof String sealed) || sealed.isEmpty() || sealed.length() > limits.maxEnvelopeHeaderChars()) {
        body.fail(path + ".header", "must be a string of 1 to " + limits.maxEnvelopeHeaderChars() + " characters");
      }
      if (deviceId instanceof String id && header instanceof String sealed) {
        envelopes.add(new Envelope(id, sealed));
      }
    }
    return envelopes;
  }

  private static Instant expiresAt(FieldReader body, Instant now) {
    Object value = body.raw().getValue("expiresAt");
    if (value == null) {
      return null;
    }
    try {
      Instant at = Instant.parse((String) value);
      return at.isAfter(now) ? at : body.fail("expiresAt", "must be in the future");
    } catch (ClassCastException | DateTimeParseException e) {
      return body.fail("expiresAt", "must be an RFC 3339 UTC timestamp");
    }
  }

  private static List<String> fileIds(FieldReader body) {
    Object value = body.raw().getValue("fileIds");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > 32) {
      return body.fail("fileIds", "must be an array of at most 32 file ids");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (OpaqueId.wellFormed(array.getValue(i)) && ids.contains(array.getString(i))) {
        body.fail("fileIds[" + i + "]", "appears twice");
      } else if (OpaqueId.wellFormed(array.getValue(i))) {
        ids.add(array.getString(i));
      } else {
        body.fail("fileIds[" + i + "]", OpaqueId.DESCRIPTION);
      }
    }
    return ids;
  }
}
