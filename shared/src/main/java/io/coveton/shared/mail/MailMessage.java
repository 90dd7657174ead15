package io.coveton.shared.mail;

/** One mail to one recipient, with its plain-text and HTML bodies. */
public record MailMessage(String id, String to, String subject, String text, String html) {
  @Override
  public String toString() {
    return "MailMessage[id=" + id + ", to=" + to + ", subject=" + subject + "]"; // bodies may hold tokens
  }
}
