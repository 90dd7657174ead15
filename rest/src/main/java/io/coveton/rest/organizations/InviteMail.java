package io.coveton.rest.organizations;

import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.mail.AppLinks;
import io.coveton.shared.mail.MailRepository;
import io.coveton.shared.mail.MailTemplates;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;

/**
 * The invitation mail, queued in the transaction that creates (or renews) the invite: the mail row
 * commits with the invite or not at all, and is sent by the mail job. The token is in the sealed mail
 * body and in the one answer to the inviter, nowhere else in plaintext.
 */
public final class InviteMail {
  private final MailRepository mails;
  private final MailTemplates templates;
  private final IdGenerator ids;
  private final AppLinks links;

  public InviteMail(MailRepository mails, MailTemplates templates, IdGenerator ids, String publicAppUrl) {
    this.mails = mails;
    this.templates = templates;
    this.ids = ids;
    this.links = new AppLinks(publicAppUrl);
  }

  public Future<Void> queue(SqlConnection tx, String email, String organizationName, String inviterName, String token) {
    String link = links.withToken("invites/accept", token);
    return mails.queue(tx, templates.render(ids.next(IdPrefix.MAIL), email, "invite",
        Map.of("organizationName", organizationName, "inviterName", inviterName, "link", link, "token", token)));
  }
}
