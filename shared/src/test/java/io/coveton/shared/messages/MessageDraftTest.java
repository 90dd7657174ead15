package io.coveton.shared.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageDraftTest {
  private static final CovetonConfig.MessagingSettings LIMITS =
      new CovetonConfig.MessagingSettings(16, 8, 2, 100, 10, Duration.ofSeconds(30), Duration.ofDays(90));
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void aValidSendIsTakenExactlyAsSent() {
    JsonObject body = send().put("expiresAt", "2026-12-03T11:00:00Z")
        .put("fileIds", new JsonArray().add("file_1").add("any-opaque_id"));
    MessageDraft draft = MessageDraft.readSend(new FieldReader(body), LIMITS, NOW);
    assertEquals("chat_1", draft.chatId());
    assertEquals(" +/= ", draft.ciphertext(), "ciphertext is opaque: not trimmed, not decoded");
    assertEquals(List.of(new Envelope("dev_1", "h1"), new Envelope("other-device", " h2")), draft.envelopes());
    assertEquals(Instant.parse("2026-12-03T11:00:00Z"), draft.expiresAt());
    assertEquals(List.of("file_1", "any-opaque_id"), draft.fileIds());
  }

  @Test
  void everyProblemIsNamedInOneValidationError() {
    JsonObject body = new JsonObject().put("chatId", "chat 1").put("contentType", "")
        .put("ciphertext", "x".repeat(17))
        .put("envelopes", new JsonArray().add(new JsonObject().put("deviceId", "dev_1").put("header", "123456789"))
            .add(new JsonObject().put("deviceId", "dev_1").put("header", "h")).add("not an object"))
        .put("expiresAt", "2026-12-03T09:00:00Z").put("fileIds", new JsonArray().add(7));
    ApiException invalid = assertThrows(ApiException.class,
        () -> MessageDraft.readSend(new FieldReader(body), LIMITS, NOW));
    assertEquals(422, invalid.status());
    assertEquals(List.of("chatId", "contentType", "ciphertext", "envelopes", "expiresAt", "fileIds[0]"),
        invalid.details().stream().map(FieldError::path).toList(),
        "more envelopes than allowed is refused as a whole, before reading them");

    body.put("envelopes", new JsonArray().add(new JsonObject().put("deviceId", "dev_1").put("header", "123456789"))
        .add(new JsonObject().put("deviceId", "dev_1").put("header", "h")));
    invalid = assertThrows(ApiException.class, () -> MessageDraft.readSend(new FieldReader(body), LIMITS, NOW));
    assertEquals(List.of("chatId", "contentType", "ciphertext", "envelopes[0].header", "envelopes[1].deviceId",
        "expiresAt", "fileIds[0]"), invalid.details().stream().map(FieldError::path).toList());
  }

  @Test
  void onlyValuesThatCannotBeIdsAreInvalid() {
    for (Object bad : List.<Object>of("", "a b", "dev/1", "x".repeat(65), 12, true)) {
      JsonObject body = send();
      body.getJsonArray("envelopes").getJsonObject(0).put("deviceId", bad);
      ApiException invalid = assertThrows(ApiException.class,
          () -> MessageDraft.readSend(new FieldReader(body), LIMITS, NOW), String.valueOf(bad));
      assertEquals("envelopes[0].deviceId", invalid.details().get(0).path());
    }
    JsonObject longest = send();
    longest.getJsonArray("envelopes").getJsonObject(0).put("deviceId", "x".repeat(64));
    assertEquals("x".repeat(64), MessageDraft.readSend(new FieldReader(longest), LIMITS, NOW).envelopes().get(0)
        .deviceId());
  }

  @Test
  void anEditNeedsNoChatIdNorContentTypeIgnoresExpiryAndKeepsTheFilesWhenItNamesNone() {
    JsonObject body = send();
    body.remove("chatId");
    body.remove("contentType");
    body.put("expiresAt", "not even a time");
    MessageDraft edit = MessageDraft.readEdit(new FieldReader(body), LIMITS);
    assertNull(edit.chatId());
    assertNull(edit.contentType());
    assertNull(edit.expiresAt());
    assertNull(edit.fileIds(), "no fileIds: the message keeps its files");
    assertEquals(List.of("file_1"), MessageDraft.readEdit(new FieldReader(body.copy()
        .put("fileIds", new JsonArray().add("file_1"))), LIMITS).fileIds());
  }

  @Test
  void fileIdsMustBeDistinctWellFormedIdsInAnArray() {
    for (Object bad : List.of("not an array", new JsonArray().add("file_1").add("file_1"), new JsonArray().add(7))) {
      ApiException refused = assertThrows(ApiException.class,
          () -> MessageDraft.readEdit(new FieldReader(send().put("fileIds", bad)), LIMITS));
      assertTrue(refused.details().get(0).path().startsWith("fileIds"), String.valueOf(bad));
    }
  }

  private static JsonObject send() {
    return new JsonObject().put("chatId", "chat_1").put("contentType", "text/plain").put("ciphertext", " +/= ")
        .put("envelopes", new JsonArray().add(new JsonObject().put("deviceId", "dev_1").put("header", "h1"))
            .add(new JsonObject().put("deviceId", "other-device").put("header", " h2")));
  }
}
