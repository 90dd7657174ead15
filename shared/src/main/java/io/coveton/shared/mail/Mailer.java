package io.coveton.shared.mail;

import io.vertx.core.Future;

/** Hands a mail on: to an SMTP server, or to the data folder when none is configured. */
public interface Mailer {
  Future<Void> send(MailMessage mail);
}
