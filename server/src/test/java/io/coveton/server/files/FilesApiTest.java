package io.coveton.server.files;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Sql;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.RelayClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files through the API and the embedded S3-compatible server, with real PUTs and GETs to the
 * presigned URLs: S3 itself enforces what the URLs were signed for.
 */
class FilesApiTest {
  private static final long MIB = 1024 * 1024;

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_MAX_FILE_BYTES", Long.toString(20 * MIB))
      .with("COVETON_MULTIPART_THRESHOLD_BYTES", Long.toString(5 * MIB))
      .with("COVETON_MULTIPART_PART_BYTES", Long.toString(5 * MIB))
      .with("COVETON_STORAGE_QUOTA_BYTES", Long.toString(24 * MIB))
      .with("COVETON_FILE_SWEEP_SECONDS", "1")
      .with("COVETON_EXPIRY_SWEEP_SECONDS", "1");

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(api);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Random random = new Random(42);

  @Test
  void anUploadThroughThePresignedUrlIsConfirmedByItsFirstMessageAndDownloadedByTheOtherParticipant()
      throws Exception {
    SignedIn ada = server.accounts().register("uploader");
    SignedIn bob = server.accounts().register("recipient");
    SignedIn eve = server.accounts().register("outsider");
    String adaPhone = messaging.registerDevice(ada, "phone");
    String bobPhone = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    byte[] bytes = randomBytes(4096);

    JsonObject presigned = presign(ada, "ZW5jcnlwdGVkLW5hbWU=", "application/octet-stream", bytes.length, chat)
        .expect(201).json();
    String fileId = presigned.getString("fileId");
    assertTrue(fileId.startsWith("file_"));
    assertEquals(900, presigned.getLong("expiresIn"));
    JsonObject headers = presigned.getJsonObject("headers");
    assertEquals("application/octet-stream", headers.getString("Content-Type"));
    assertEquals(Integer.toString(bytes.length), headers.getString("Content-Length"));
    assertTrue(presigned.getString("uploadUrl").contains("X-Amz-Signature="), presigned.getString("uploadUrl"));
    assertFalse(presigned.getString("uploadUrl").contains("ZW5jcnlwdGVkLW5hbWU"), "the filename is never in the key");
    assertEquals("pending", metadata(ada, fileId).expect(200).json().getString("status"));

    assertEquals(200, put(presigned.getString("uploadUrl"), "application/octet-stream", bytes).statusCode());
    // until a message references it, only its uploader sees it
    metadata(bob, fileId).expectError(404, "NOT_FOUND");
    download(bob, fileId).expectError(404, "NOT_FOUND");

    JsonObject message = Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone))
        .put("fileIds", new JsonArray().add(fileId));
    try (RelayClient bobLive = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobPhone)) {
      bobLive.envelopesUntilSynced();
      api.post("/v1/messages", message.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send()
          .expect(201);
      assertEquals(new JsonArray().add(fileId), bobLive.awaitType("envelope", Duration.ofSeconds(10)).getJsonObject("message")
          .getJsonArray("fileIds"),
          "a live delivery names the message's files");
    }
    try (RelayClient bobLater = RelayClient.connect(server.relayUrl(), bob.accessToken(), bobPhone)) {
      List<JsonObject> backlog = bobLater.envelopesUntilSynced();
      assertEquals(new JsonArray().add(fileId), backlog.get(backlog.size() - 1).getJsonObject("message")
          .getJsonArray("fileIds"), "and so does the replay of one not yet acknowledged");
    }
    JsonObject meta = metadata(bob, fileId).expect(200).json();
    assertEquals("uploaded", meta.getString("status"));
    assertEquals(bytes.length, meta.getLong("size"));
    assertEquals("ZW5jcnlwdGVkLW5hbWU=", meta.getString("filename"));
    JsonObject link = download(bob, fileId).expect(200).json();
    assertEquals(300, link.getLong("expiresIn"));
    HttpResponse<byte[]> fetched = get(link.getString("url"));
    assertEquals(200, fetched.statusCode());
    assertArrayEquals(bytes, fetched.body());

    metadata(eve, fileId).expectError(404, "NOT_FOUND");
    download(eve, fileId).expectError(404, "NOT_FOUND");
    download(eve, "file_" + "0".repeat(26)).expectError(404, "NOT_FOUND");
  }

  @Test
  void theStoreRefusesABodyOfAnotherSizeOrTypeAndATamperedUrl() throws Exception {
    SignedIn ada = server.accounts().register("strictUploader");
    byte[] bytes = randomBytes(2048);
    String url = presign(ada, "f", "image/png", bytes.length, null).expect(201).json().getString("uploadUrl");
    assertEquals(403, put(url, "image/png", randomBytes(2047)).statusCode(), "shorter body");
    assertEquals(403, put(url, "image/png", randomBytes(2049)).statusCode(), "longer body");
    assertEquals(403, put(url, "image/jpeg", bytes).statusCode(), "another type");
    String tampered = url.replaceFirst("X-Amz-Signature=([0-9a-f])", "X-Amz-Signature=" + flip(url));
    assertEquals(403, put(tampered, "image/png", bytes).statusCode(), "tampered signature");
    String otherKey = url.replaceFirst("/files/file_", "/files/file_x");
    assertEquals(403, put(otherKey, "image/png", bytes).statusCode(), "another key");
    assertEquals(200, put(url, "image/png", bytes).statusCode());
  }

  @Test
  void aMessageWithAFileThatIsNotTheSendersUploadedOneIsRefusedAndNotStored() throws Exception {
    SignedIn ada = server.accounts().register("refSender");
    SignedIn bob = server.accounts().register("refOther");
    String adaPhone = messaging.registerDevice(ada, "phone");
    String bobPhone = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    String pending = presign(ada, "p", "application/octet-stream", 10, chat).expect(201).json().getString("fileId");
    String bobs = uploaded(bob, 16, null);
    String otherChat = messaging.direct(ada, server.accounts().register("thirdParty"));
    String forOtherChat = uploaded(ada, 16, otherChat);
    String missing = "file_" + "a".repeat(26);
    for (Map.Entry<String, String> bad : Map.of(pending, "has not been uploaded yet", bobs, "is not a file of yours",
        missing, "is not a file of yours", forOtherChat, "was presigned for another chat").entrySet()) {
      JsonObject body = Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone))
          .put("fileIds", new JsonArray().add(uploaded(ada, 8, chat)).add(bad.getKey()));
      JsonObject error = api.post("/v1/messages", body.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone)
          .send().expectError(422, "VALIDATION");
      JsonObject detail = error.getJsonArray("details").getJsonObject(0);
      assertEquals("fileIds[1]", detail.getString("path"), error.encode());
      assertEquals(bad.getValue(), detail.getString("message"));
    }
    String good = uploaded(ada, 8, chat);
    JsonObject twice = Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone))
        .put("fileIds", new JsonArray().add(good).add(good));
    assertEquals("appears twice", api.post("/v1/messages", twice.encode()).bearer(ada.accessToken())
        .header("X-Device-Id", adaPhone).send().expectError(422, "VALIDATION").getJsonArray("details")
        .getJsonObject(0).getString("message"));
    JsonObject nullType = new JsonObject().put("filename", "f").putNull("contentType").put("size", 10);
    api.post("/v1/files/presign", nullType.encode()).bearer(ada.accessToken()).send().expectError(422, "VALIDATION");

    // the relay's send passes the same rule
    try (RelayClient live = RelayClient.connect(server.relayUrl(), ada.accessToken(), adaPhone)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      live.send(Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone)).put("fileIds", new JsonArray().add(pending))
          .put("type", "send").put("requestId", "r-file"));
      JsonObject error = live.awaitType("error", Duration.ofSeconds(5));
      assertEquals("r-file", error.getString("requestId"));
      assertEquals("VALIDATION", error.getJsonObject("error").getString("code"));
    }
    assertEquals(0, api.get("/v1/chats/" + chat + "/messages").bearer(bob.accessToken()).send().array().size());

    // an edit passes it too
    String sent = api.post("/v1/messages", Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone)).encode())
        .bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send().expect(201).json().getString("id");
    JsonObject edit = new JsonObject().put("ciphertext", "bmV3").put("envelopes", Messaging.message(chat, "x",
        List.of(bobPhone)).getJsonArray("envelopes")).put("fileIds", new JsonArray().add(bobs));
    api.patch("/v1/messages/" + sent, edit.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send()
        .expectError(422, "VALIDATION");
    String mine = uploaded(ada, 32, chat);
    edit.put("fileIds", new JsonArray().add(mine));
    JsonObject edited = api.patch("/v1/messages/" + sent, edit.encode()).bearer(ada.accessToken())
        .header("X-Device-Id", adaPhone).send().expect(200).json();
    assertEquals(List.of(mine), edited.getJsonArray("fileIds").getList());
    download(bob, mine).expect(200);
  }

  @Test
  void aRemovedParticipantAndEveryoneOnceTheMessageIsGoneGetNotFound() throws Exception {
    SignedIn ada = server.accounts().register("groupUploader");
    SignedIn bob = server.accounts().register("groupStays");
    SignedIn carol = server.accounts().register("groupLeaves");
    String adaPhone = messaging.registerDevice(ada, "phone");
    String bobPhone = messaging.registerDevice(bob, "phone");
    String carolPhone = messaging.registerDevice(carol, "phone");
    String chat = messaging.group(ada, "Photos", List.of(bob.userId(), carol.userId()));
    String file = uploaded(ada, 64, chat);
    String messageId = api.post("/v1/messages", Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone, carolPhone))
        .put("fileIds", new JsonArray().add(file)).encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone)
        .send().expect(201).json().getString("id");
    download(carol, file).expect(200);
    api.delete("/v1/chats/" + chat + "/participants/" + carol.userId()).bearer(ada.accessToken()).send().expect(204);
    download(carol, file).expectError(404, "NOT_FOUND");
    metadata(carol, file).expectError(404, "NOT_FOUND");
    download(bob, file).expect(200);
    api.delete("/v1/messages/" + messageId).bearer(ada.accessToken()).send().expect(204);
    download(bob, file).expectError(404, "NOT_FOUND");
    download(ada, file).expect(200);
  }

  @Test
  void anUnreferencedUploadAndAFileWhoseMessagesExpiredAreRemovedFromTheStore() throws Exception {
    SignedIn ada = server.accounts().register("retention");
    SignedIn bob = server.accounts().register("retentionPeer");
    String adaPhone = messaging.registerDevice(ada, "phone");
    String bobPhone = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    String orphan = uploaded(ada, 128, null);
    assertTrue(stored(orphan), "the object is in the store");
    String referenced = uploaded(ada, 256, chat);
    api.post("/v1/messages", Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone))
        .put("fileIds", new JsonArray().add(referenced)).put("expiresAt", Instant.now().plusSeconds(2).toString())
        .encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send().expect(201);

    // a day after its presign, a file no message ever referenced goes, object and row
    sql("UPDATE files SET created_at = now() - interval '25 hours' WHERE id = '" + orphan + "'");
    await().atMost(Duration.ofSeconds(15)).until(() -> !stored(orphan));
    await().atMost(Duration.ofSeconds(5)).until(() -> count("SELECT count(*) FROM files WHERE id = '" + orphan + "'") == 0);
    metadata(ada, orphan).expectError(404, "NOT_FOUND");
    assertEquals(256, count("SELECT bytes FROM storage_usage WHERE user_id = '" + ada.userId() + "'"),
        "a deleted file leaves the quota");

    // once its only message has expired (and the grace for messages on their way is over), the object goes
    await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT count(*) FROM messages WHERE chat_id = '" + chat
        + "'") == 0);
    Thread.sleep(3_000); // three sweeps
    assertTrue(stored(referenced), "the grace period protects it for a while");
    sql("UPDATE files SET last_referenced_at = now() - interval '11 minutes' WHERE id = '" + referenced + "'");
    await().atMost(Duration.ofSeconds(15)).until(() -> !stored(referenced));
    metadata(ada, referenced).expectError(404, "NOT_FOUND");
    assertEquals(0, count("SELECT bytes FROM storage_usage WHERE user_id = '" + ada.userId() + "'"));
    JsonObject reuse = Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone)).put("fileIds", new JsonArray().add(referenced));
    assertEquals("was deleted", api.post("/v1/messages", reuse.encode()).bearer(ada.accessToken())
        .header("X-Device-Id", adaPhone).send().expectError(422, "VALIDATION").getJsonArray("details")
        .getJsonObject(0).getString("message"));
  }

  @Test
  void presignsBeyondTheQuotaOrTheSizeLimitOrForAStrangersChatAreRefused() throws Exception {
    SignedIn ada = server.accounts().register("quota");
    presign(ada, "big", "application/octet-stream", 20 * MIB, null).expect(201);
    JsonObject full = presign(ada, "more", "application/octet-stream", 5 * MIB, null).expectError(409, "CONFLICT");
    assertEquals(4 * MIB, full.getLong("remainingBytes"));
    presign(ada, "fits", "application/octet-stream", 4 * MIB, null).expect(201);
    presign(ada, "one byte", "application/octet-stream", 1, null).expectError(409, "CONFLICT");

    SignedIn bob = server.accounts().register("limits");
    assertEquals("size", presign(bob, "huge", "application/octet-stream", 20 * MIB + 1, null)
        .expectError(422, "VALIDATION").getJsonArray("details").getJsonObject(0).getString("path"));
    presign(bob, "empty", "application/octet-stream", 0, null).expectError(422, "VALIDATION");
    presign(bob, "type", "not a type", 10, null).expectError(422, "VALIDATION");
    api.post("/v1/files/presign", new JsonObject().put("filename", "x").put("contentType", "a/b").put("size", 1.5)
        .encode()).bearer(bob.accessToken()).send().expectError(422, "VALIDATION");
    String strangers = messaging.direct(ada, server.accounts().register("stranger"));
    presign(bob, "x", "application/octet-stream", 10, strangers).expectError(404, "NOT_FOUND");
    api.post("/v1/files/presign", new JsonObject().put("filename", "x").encode()).send().expectError(401, "UNAUTHORIZED");
  }

  @Test
  void presignsRacingForTheLastBytesOfTheQuotaCannotBothGetThem() throws Exception {
    SignedIn ada = server.accounts().register("racer");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
    try {
      List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        statuses.add(pool.submit(() -> presign(ada, "r", "application/octet-stream", 4 * MIB, null).status()));
      }
      long created = 0;
      for (java.util.concurrent.Future<Integer> status : statuses) {
        int code = status.get();
        assertTrue(code == 201 || code == 409, "answered " + code);
        created += code == 201 ? 1 : 0;
      }
      assertEquals(6, created, "24 MiB of quota hold six 4 MiB files");
      assertEquals(24 * MIB, count("SELECT bytes FROM storage_usage WHERE user_id = '" + ada.userId() + "'"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLargeFileGoesUpInPartsAndAnInterruptedUploadResumesWithTheMissingParts() throws Exception {
    SignedIn ada = server.accounts().register("multipart");
    SignedIn bob = server.accounts().register("multipartPeer");
    String adaPhone = messaging.registerDevice(ada, "phone");
    String bobPhone = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    byte[] bytes = randomBytes((int) (11 * MIB));
    JsonObject presigned = presign(ada, "video", "video/mp4", bytes.length, chat).expect(201).json();
    String fileId = presigned.getString("fileId");
    assertNull(presigned.getString("uploadUrl"));
    JsonObject multipart = presigned.getJsonObject("multipart");
    assertEquals(5 * MIB, multipart.getLong("partSize"));
    assertEquals(3, multipart.getInteger("partCount"));
    JsonArray parts = multipart.getJsonArray("parts");
    assertEquals(List.of(5 * MIB, 5 * MIB, MIB), parts.stream().map(p -> ((JsonObject) p).getLong("size")).toList());

    String etag1 = putPart(parts.getJsonObject(0), bytes);
    // the second part is interrupted: the store refuses a part shorter than signed (it may answer 403
    // or drop the connection while the body is still coming)
    JsonObject second = parts.getJsonObject(1);
    int interrupted;
    try {
      interrupted = put(second.getString("uploadUrl"), null, slice(bytes, 5 * MIB, 3 * MIB)).statusCode();
    } catch (IOException dropped) {
      interrupted = -1;
    }
    assertTrue(interrupted == 403 || interrupted == -1, "answered " + interrupted);
    JsonObject resume = api.get("/v1/files/" + fileId + "/parts").bearer(ada.accessToken()).send().expect(200).json();
    assertEquals(List.of(1), resume.getJsonArray("uploaded").stream().map(p -> ((JsonObject) p).getInteger("partNumber"))
        .toList());
    JsonArray remaining = resume.getJsonArray("remaining");
    assertEquals(List.of(2, 3), remaining.stream().map(p -> ((JsonObject) p).getInteger("partNumber")).toList());
    String etag2 = putPart(remaining.getJsonObject(0), bytes);
    String etag3 = putPart(remaining.getJsonObject(1), bytes);

    // not yet complete: no message may use it, and completing needs every part
    JsonObject early = Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone)).put("fileIds", new JsonArray().add(fileId));
    api.post("/v1/messages", early.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send()
        .expectError(422, "VALIDATION");
    complete(ada, fileId, List.of(etag1, etag2)).expectError(422, "VALIDATION");
    complete(ada, fileId, List.of(etag1, etag3, etag2)).expectError(422, "VALIDATION");
    complete(bob, fileId, List.of(etag1, etag2, etag3)).expectError(404, "NOT_FOUND");
    assertEquals("uploaded", complete(ada, fileId, List.of(etag1, etag2, etag3)).expect(200).json().getString("status"));
    complete(ada, fileId, List.of(etag1, etag2, etag3)).expectError(409, "CONFLICT");

    api.post("/v1/messages", early.encode()).bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send()
        .expect(201);
    HttpResponse<byte[]> fetched = get(download(bob, fileId).expect(200).json().getString("url"));
    assertArrayEquals(bytes, fetched.body());
  }

  private io.coveton.server.testing.ApiResult presign(SignedIn user, String filename, String contentType, long size,
      String chatId) {
    JsonObject body = new JsonObject().put("filename", filename).put("contentType", contentType).put("size", size);
    if (chatId != null) {
      body.put("chatId", chatId);
    }
    return api.post("/v1/files/presign", body.encode()).bearer(user.accessToken()).send();
  }

  private String uploaded(SignedIn user, int size, String chatId) throws Exception {
    JsonObject presigned = presign(user, "n", "application/octet-stream", size, chatId).expect(201).json();
    assertEquals(200, put(presigned.getString("uploadUrl"), "application/octet-stream", randomBytes(size)).statusCode());
    return presigned.getString("fileId");
  }

  private io.coveton.server.testing.ApiResult metadata(SignedIn user, String fileId) {
    return api.get("/v1/files/" + fileId).bearer(user.accessToken()).send();
  }

  private io.coveton.server.testing.ApiResult download(SignedIn user, String fileId) {
    return api.get("/v1/files/" + fileId + "/download").bearer(user.accessToken()).send();
  }

  private io.coveton.server.testing.ApiResult complete(SignedIn user, String fileId, List<String> etags) {
    JsonArray parts = new JsonArray();
    for (int i = 0; i < etags.size(); i++) {
      parts.add(new JsonObject().put("partNumber", i + 1).put("etag", etags.get(i)));
    }
    return api.post("/v1/files/" + fileId + "/complete", new JsonObject().put("parts", parts).encode())
        .bearer(user.accessToken()).send();
  }

  private String putPart(JsonObject part, byte[] whole) throws Exception {
    int number = part.getInteger("partNumber");
    long offset = (number - 1) * 5 * MIB;
    HttpResponse<byte[]> answer = put(part.getString("uploadUrl"), null, slice(whole, offset, part.getLong("size")));
    assertEquals(200, answer.statusCode(), new String(answer.body()));
    return answer.headers().firstValue("ETag").orElseThrow();
  }

  private HttpResponse<byte[]> put(String url, String contentType, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private boolean stored(String fileId) throws IOException {
    try (Stream<Path> files = Files.walk(server.dataDir().resolve("s3"))) {
      return files.anyMatch(path -> path.getFileName().toString().equals(fileId) && Files.isRegularFile(path));
    }
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] slice(byte[] bytes, long offset, long length) {
    return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length));
  }

  private static String flip(String url) {
    char first = url.charAt(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
    return first == '0' ? "1" : "0";
  }

  private static void sql(String statement) throws Exception {
    Sql.execute(server.database(), statement);
  }

  private static long count(String query) throws Exception {
    return Sql.count(server.database(), query);
  }
}
