package io.coveton.server.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.ApiResult;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Mails;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.RelayClient;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Password reset through the API and real mail, read from an in-process SMTP server. */
class PasswordResetTest {
  private static final Pattern LINK = Pattern.compile("https://app\\.example\\.com/reset-password\\?token=(prt_[A-Za-z0-9_-]+)");
  private static final int SMTP_PORT = 3025 + (int) (ProcessHandle.current().pid() % 500);

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension().mailingThrough(SMTP_PORT);

  private final ApiClient api = server.api();

  @Test
  void aResetMailLinksToATokenThatSetsThePasswordSignsEveryDeviceOutAndIsNoticed() throws Exception {
    String email = Accounts.uniqueEmail("forgetful");
    JsonObject registered = api.post("/v1/auth/register", new JsonObject().put("email", email)
        .put("password", Accounts.PASSWORD).put("displayName", "<b>Ada & co</b>").encode()).send().expect(201).json();
    String accessToken = registered.getString("accessToken");
    Accounts.SignedIn ada = new Accounts.SignedIn(email, registered.getJsonObject("user").getString("id"), accessToken,
        registered.getString("refreshToken"));
    String phone = new Messaging(api).registerDevice(ada, "phone");

    ApiResult accepted = forgot(email).expect(202);
    assertEquals("", accepted.body());
    MimeMessage mail = awaitMail(email, "Reset your Coveton password");
    String text = Mails.part(mail, "text/plain");
    String html = Mails.part(mail, "text/html");
    Matcher link = LINK.matcher(text);
    assertTrue(link.find(), text);
    String token = link.group(1);
    assertTrue(html.contains("&lt;b&gt;Ada &amp; co&lt;/b&gt;"), "the display name is escaped: " + html);
    assertFalse(html.contains("<b>Ada"));

    try (RelayClient live = RelayClient.connect(server.relayUrl(), accessToken, phone)) {
      live.awaitType("synced", Duration.ofSeconds(10));
      reset(token, "a-new-passphrase").expect(204);
      assertEquals(4403, live.awaitClose());
    }
    api.get("/v1/auth/me").bearer(accessToken).send().expectError(401, "UNAUTHORIZED");
    api.post("/v1/auth/refresh", new JsonObject().put("refreshToken", ada.refreshToken()).encode()).send()
        .expectError(401, "UNAUTHORIZED");
    login(email, Accounts.PASSWORD).expectError(401, "UNAUTHORIZED");
    login(email, "a-new-passphrase").expect(200);
    awaitMail(email, "Your Coveton password was changed");
    String fresh = login(email, "a-new-passphrase").json().getString("accessToken");
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/notifications").bearer(fresh).send().array()
        .stream().anyMatch(n -> "password_changed".equals(((JsonObject) n).getString("type"))));

    JsonObject used = reset(token, "yet-another-passphrase").expectError(422, "VALIDATION");
    assertEquals("token", used.getJsonArray("details").getJsonObject(0).getString("path"));
    login(email, "a-new-passphrase").expect(200);
  }

  @Test
  void unknownAddressesGetTheSameAnswerAndNoMail() throws Exception {
    int before = smtp.getReceivedMessages().length;
    ApiResult unknown = forgot(Accounts.uniqueEmail("nobody")).expect(202);
    assertEquals("", unknown.body());
    Thread.sleep(1_000);
    assertEquals(before, smtp.getReceivedMessages().length);
    api.post("/v1/auth/forgot-password", new JsonObject().put("email", "not-an-email").encode()).send()
        .expectError(422, "VALIDATION");
  }

  @Test
  void aNewerRequestVoidsTheOlderTokenAndExpiredOrUnknownTokensChangeNothing() throws Exception {
    Accounts.SignedIn bob = server.accounts().register("twice");
    forgot(bob.email()).expect(202);
    String first = token(awaitMail(bob.email(), "Reset your Coveton password"));
    forgot(bob.email()).expect(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(bob.email()) == 2);
    String second = token(lastMailTo(bob.email()));
    reset(first, "replaced-passphrase").expectError(422, "VALIDATION");
    reset("prt_unknown", "replaced-passphrase").expectError(422, "VALIDATION");
    reset(second, "short").expectError(422, "VALIDATION");
    sql("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    reset(second, "replaced-passphrase").expectError(422, "VALIDATION");
    login(bob.email(), Accounts.PASSWORD).expect(200);
  }

  @Test
  void requestsAreThrottledPerTargetAddress() {
    String email = Accounts.uniqueEmail("hammered");
    for (int i = 0; i < 5; i++) {
      forgot(email).expect(202);
    }
    ApiResult throttled = forgot(email);
    throttled.expectError(429, "RATE_LIMITED");
    assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0);
  }

  private ApiResult forgot(String email) {
    return api.post("/v1/auth/forgot-password", new JsonObject().put("email", email).encode()).send();
  }

  private ApiResult reset(String token, String password) {
    return api.post("/v1/auth/reset-password", new JsonObject().put("token", token).put("password", password).encode())
        .send();
  }

  private ApiResult login(String email, String password) {
    return api.post("/v1/auth/login", new JsonObject().put("email", email).put("password", password).encode()).send();
  }

  private static MimeMessage awaitMail(String to, String subject) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> {
      for (MimeMessage message : smtp.getReceivedMessages()) {
        if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(to) && subject.equals(message.getSubject())) {
          return message;
        }
      }
      return null;
    }, found -> found != null);
  }

  private static long mailsTo(String to) throws Exception {
    long count = 0;
    for (MimeMessage message : smtp.getReceivedMessages()) {
      if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(to)) {
        count++;
      }
    }
    return count;
  }

  private static MimeMessage lastMailTo(String to) throws Exception {
    MimeMessage last = null;
    for (MimeMessage message : smtp.getReceivedMessages()) {
      if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(to)) {
        last = message;
      }
    }
    return last;
  }

  private static String token(MimeMessage mail) throws Exception {
    Matcher link = LINK.matcher(Mails.part(mail, "text/plain"));
    assertTrue(link.find());
    return link.group(1);
  }

  private static void sql(String statement) throws Exception {
    var db = server.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = connection.createStatement()) {
      st.execute(statement);
    }
  }
}
