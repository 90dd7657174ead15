package io.coveton.shared.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default when no SMTP server is configured: each mail is written as an {@code .eml}
 * file (RFC 5322, text and HTML as a multipart/alternative, 8-bit UTF-8 so that it reads as it is) under the data folder's
 * {@code mail/}, where any mail program opens it; its recipient and subject are logged, never its body.
 */
public final class MailFolder implements Mailer {
  private static final Logger LOG = LoggerFactory.getLogger(MailFolder.class);
  private final Vertx vertx;
  private final Path folder;
  private final String from;

  public MailFolder(Vertx vertx, Path folder, String from) {
    this.vertx = vertx;
    this.folder = folder;
    this.from = from;
  }

  @Override
  public Future<Void> send(MailMessage mail) {
    Path file = folder.resolve(mail.id() + ".eml");
    return vertx.fileSystem().mkdirs(folder.toString())
        .compose(v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(eml(mail), "UTF-8")))
        .onSuccess(v -> LOG.info("mail to {} \"{}\" written to {} (no SMTP server configured)", mail.to(),
            mail.subject(), file));
  }

  private String eml(MailMessage mail) {
    String boundary = "coveton-" + mail.id();
    return "From: " + from + "\r\n"
        + "To: " + mail.to() + "\r\n"
        + "Subject: =?UTF-8?B?" + b64(mail.subject()) + "?=\r\n"
        + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
        + "Message-ID: <" + mail.id() + "@coveton>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n"
        + "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + crlf(mail.text()) + "\r\n"
        + "--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + crlf(mail.html()) + "\r\n"
        + "--" + boundary + "--\r\n";
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }
}
