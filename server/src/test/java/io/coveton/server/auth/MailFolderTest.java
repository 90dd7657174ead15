package io.coveton.server.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Mails;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With no SMTP server configured, mails are files in the data folder, and a reset works from one. */
class MailFolderTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_OUTBOX_POLL_MILLIS", "20");

  private final ApiClient api = server.api();

  @Test
  void aResetCanBeCompletedFromTheMailFileAlone() throws Exception {
    Accounts.SignedIn user = server.accounts().register("offline");
    api.post("/v1/auth/forgot-password", new JsonObject().put("email", user.email()).encode()).send().expect(202);
    Path folder = server.dataDir().resolve("mail");
    File eml = await().atMost(Duration.ofSeconds(15)).until(() -> {
      File[] files = folder.toFile().listFiles((dir, name) -> name.endsWith(".eml"));
      return files == null || files.length == 0 ? null : files[0];
    }, found -> found != null);
    MimeMessage mail;
    try (FileInputStream in = new FileInputStream(eml)) {
      mail = new MimeMessage(Session.getDefaultInstance(new Properties()), in);
    }
    assertTrue(mail.getSubject().contains("Reset"), mail.getSubject());
    String text = Mails.part(mail, "text/plain");
    Matcher token = Pattern.compile("reset-password\\?token=(prt_[A-Za-z0-9_-]+)").matcher(text);
    assertTrue(token.find(), text);
    api.post("/v1/auth/reset-password", new JsonObject().put("token", token.group(1))
        .put("password", "from-the-mail-file").encode()).send().expect(204);
    api.post("/v1/auth/login", new JsonObject().put("email", user.email()).put("password", "from-the-mail-file")
        .encode()).send().expect(200);
  }
}
