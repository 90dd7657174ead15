package io.coveton.shared.mail;

import io.coveton.shared.config.CovetonConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * Sends through the configured SMTP server. The mail's id is its Message-ID, so that a mail sent
 * again after a node died between sending and recording it can be recognised as the same one.
 */
public final class SmtpMailer implements Mailer {
  private final MailClient client;
  private final String from;

  public SmtpMailer(Vertx vertx, CovetonConfig.MailSettings settings) {
    MailConfig config = new MailConfig().setHostname(settings.smtpHost()).setPort(settings.smtpPort())
        .setSsl("tls".equals(settings.security()))
        .setStarttls("starttls".equals(settings.security()) ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED);
    if (!settings.user().isBlank()) {
      config.setLogin(LoginOption.REQUIRED).setUsername(settings.user()).setPassword(settings.password());
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.createShared(vertx, config, "coveton-smtp");
    this.from = settings.from();
  }

  @Override
  public Future<Void> send(MailMessage mail) {
    io.vertx.ext.mail.MailMessage message = new io.vertx.ext.mail.MailMessage().setFrom(from).setTo(mail.to())
        .setSubject(mail.subject()).setText(mail.text()).setHtml(mail.html());
    message.addHeader("Message-ID", "<" + mail.id() + "@coveton>");
    return client.sendMail(message).mapEmpty();
  }
}
