package io.coveton.server.testing;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/** Reading real mails (from GreenMail or a mail file) as a recipient's program would. */
public final class Mails {
  private Mails() {}

  /** The body part of this type (the mail is multipart/alternative: text and HTML). */
  public static String part(MimeMessage mail, String type) throws Exception {
    Object content = mail.getContent();
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        if (multipart.getBodyPart(i).isMimeType(type)) {
          return String.valueOf(multipart.getBodyPart(i).getContent());
        }
        if (multipart.getBodyPart(i).getContent() instanceof Multipart nested) {
          for (int j = 0; j < nested.getCount(); j++) {
            if (nested.getBodyPart(j).isMimeType(type)) {
              return String.valueOf(nested.getBodyPart(j).getContent());
            }
          }
        }
      }
    }
    return mail.isMimeType(type) ? String.valueOf(content) : "";
  }

}
