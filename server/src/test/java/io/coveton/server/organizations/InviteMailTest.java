package io.coveton.server.organizations;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Mails;
import io.coveton.server.testing.Organizations;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Invites are mailed to the invitee; resending mails a new token and voids the old one. */
class InviteMailTest {
  private static final int SMTP_PORT = 3625 + (int) (ProcessHandle.current().pid() % 500);
  private static final Pattern LINK = Pattern.compile("https://app\\.example\\.com/invites/accept\\?token=(it_[A-Za-z0-9_-]+)");

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension().mailingThrough(SMTP_PORT);

  private final ApiClient api = server.api();

  @Test
  void theInviteeIsMailedTheTokenAndAResendVoidsTheOldOne() throws Exception {
    Accounts.SignedIn owner = server.accounts().register("mailingOwner");
    String org = new Organizations(api).create(owner, "Acme <script>");
    String email = Accounts.uniqueEmail("invitee");
    JsonObject invite = new Organizations(api).invite(owner, org, email, "member").expect(201).json();
    List<MimeMessage> first = await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo(email), list -> list.size() == 1);
    assertTrue(first.get(0).getSubject().contains("Acme"));
    String html = Mails.part(first.get(0), "text/html");
    assertTrue(html.contains("Acme &lt;script&gt;"), html);
    assertFalse(html.contains("<script>"));
    assertEquals(invite.getString("token"), token(first.get(0)));

    JsonObject resent = api.post("/v1/invites/" + invite.getString("id") + "/resend", "{}")
        .bearer(owner.accessToken()).send().expect(200).json();
    assertNotEquals(invite.getString("token"), resent.getString("token"));
    List<MimeMessage> both = await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo(email), list -> list.size() == 2);
    assertEquals(resent.getString("token"), token(both.get(1)));

    Accounts.SignedIn invitee = server.accounts().registerWithEmail(email);
    accept(invitee, invite.getString("token")).expectError(404, "NOT_FOUND");
    accept(invitee, resent.getString("token")).expect(200);
    api.post("/v1/invites/" + invite.getString("id") + "/resend", "{}").bearer(owner.accessToken()).send()
        .expectError(404, "NOT_FOUND");
  }

  private io.coveton.server.testing.ApiResult accept(Accounts.SignedIn user, String token) {
    return api.post("/v1/invites/accept", new JsonObject().put("token", token).encode()).bearer(user.accessToken())
        .send();
  }

  private static String token(MimeMessage mail) throws Exception {
    Matcher link = LINK.matcher(Mails.part(mail, "text/plain"));
    assertTrue(link.find());
    return link.group(1);
  }

  private static List<MimeMessage> mailsTo(String to) throws Exception {
    List<MimeMessage> found = new java.util.ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(to)) {
        found.add(message);
      }
    }
    return found;
  }
}
