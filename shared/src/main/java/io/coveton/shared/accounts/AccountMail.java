package io.coveton.shared.accounts;

import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.mail.AppLinks;
import io.coveton.shared.mail.MailRepository;
import io.coveton.shared.mail.MailTemplates;
import io.coveton.shared.outbox.OutboxConsumer;
import io.coveton.shared.outbox.OutboxEvent;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The mails of an account's security, queued in the transaction that marks their event handled (so
 * each is queued once): a password reset link for {@code password_reset.requested} (looked up here,
 * after the request was answered, so that the answer is the same for unknown addresses), and a
 * notice for {@code password.changed}.
 */
public final class AccountMail implements OutboxConsumer {
  public static final String RESET_TOKEN_PREFIX = "prt_";
  static final Duration RESET_VALIDITY = Duration.ofHours(1);
  private final UserRepository users;
  private final PasswordResetRepository resets;
  private final MailRepository mails;
  private final MailTemplates templates;
  private final OpaqueTokens tokens;
  private final IdGenerator ids;
  private final AppLinks links;

  public AccountMail(UserRepository users, PasswordResetRepository resets, MailRepository mails,
      MailTemplates templates, OpaqueTokens tokens, IdGenerator ids, String publicAppUrl) {
    this.users = users;
    this.resets = resets;
    this.mails = mails;
    this.templates = templates;
    this.tokens = tokens;
    this.ids = ids;
    this.links = new AppLinks(publicAppUrl);
  }

  @Override
  public String name() {
    return "account-mail";
  }

  @Override
  public Set<String> eventTypes() {
    return Set.of("password_reset.requested", "password.changed");
  }

  @Override
  public Future<Runnable> handle(SqlConnection tx, OutboxEvent event) {
    JsonObject payload = event.payload();
    return switch (event.type()) {
      case "password_reset.requested" -> users.findByEmail(payload.getString("email")).compose(user -> {
        if (user == null) {
          return Future.succeededFuture(null); // nobody to mail: the request was answered all the same
        }
        String token = tokens.generate(RESET_TOKEN_PREFIX);
        String link = links.withToken("reset-password", token);
        return resets.issue(tx, OpaqueTokens.hash(token), user.id(), Instant.now().plus(RESET_VALIDITY))
            .compose(v -> mails.queue(tx, templates.render(ids.next(IdPrefix.MAIL), user.email(), "password-reset",
                Map.of("displayName", user.displayName(), "link", link, "token", token))))
            .map(v -> null);
      });
      case "password.changed" -> mails.queue(tx, templates.render(ids.next(IdPrefix.MAIL), payload.getString("email"),
          "password-changed", Map.of("displayName", payload.getString("displayName"))))
          .map(v -> null);
      default -> Future.succeededFuture(null);
    };
  }
}
