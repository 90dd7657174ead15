package io.coveton.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Presigned URLs stop working when they expire: the store itself refuses them (403). */
class FileUrlExpiryTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_UPLOAD_URL_SECONDS", "3")
      .with("COVETON_DOWNLOAD_URL_SECONDS", "3");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anExpiredUploadOrDownloadUrlIsRefusedByTheStore() throws Exception {
    Messaging messaging = new Messaging(server.api());
    SignedIn ada = server.accounts().register("expiring");
    SignedIn bob = server.accounts().register("expiringPeer");
    String adaPhone = messaging.registerDevice(ada, "phone");
    String bobPhone = messaging.registerDevice(bob, "phone");
    String chat = messaging.direct(ada, bob);
    byte[] bytes = new byte[100];

    // SigV4 stamps the signing time in whole seconds: a URL lasts between 2 and 3 seconds here
    JsonObject late = presign(ada, bytes.length);
    Thread.sleep(4_500);
    assertEquals(403, put(late.getString("uploadUrl"), bytes), "an upload URL past its expiry");

    JsonObject fresh = presign(ada, bytes.length);
    assertEquals(200, put(fresh.getString("uploadUrl"), bytes));
    server.api().post("/v1/messages", Messaging.message(chat, "Y2lwaGVy", List.of(bobPhone))
            .put("fileIds", new JsonArray().add(fresh.getString("fileId"))).encode())
        .bearer(ada.accessToken()).header("X-Device-Id", adaPhone).send().expect(201);
    JsonObject link = server.api().get("/v1/files/" + fresh.getString("fileId") + "/download")
        .bearer(bob.accessToken()).send().expect(200).json();
    assertEquals(3, link.getLong("expiresIn"));
    Thread.sleep(4_500);
    assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(link.getString("url"))).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode(), "a download URL past its expiry");
  }

  private JsonObject presign(SignedIn user, int size) {
    return server.api().post("/v1/files/presign", new JsonObject().put("filename", "f")
        .put("contentType", "application/octet-stream").put("size", size).encode())
        .bearer(user.accessToken()).send().expect(201).json();
  }

  private int put(String url, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
