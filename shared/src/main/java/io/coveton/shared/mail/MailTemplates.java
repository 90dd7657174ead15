package io.coveton.shared.mail;

import io.coveton.shared.text.HtmlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mail bodies from templates in {@code resources/mail/}: {@code <name>.subject}, {@code <name>.txt}
 * and {@code <name>.html}, with {@code {{variable}}} placeholders. Every value is HTML-escaped in
 * the HTML body, so nothing a user chose (a display name, an organization's name) becomes markup.
 */
public final class MailTemplates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
  private final Map<String, String> loaded = new ConcurrentHashMap<>();

  public MailMessage render(String id, String to, String name, Map<String, String> values) {
    return new MailMessage(id, to, fill(load(name + ".subject").trim(), values, false),
        fill(load(name + ".txt"), values, false), fill(load(name + ".html"), values, true));
  }

  private String load(String resource) {
    return loaded.computeIfAbsent(resource, r -> {
      try (InputStream in = MailTemplates.class.getResourceAsStream("/mail/" + r)) {
        if (in == null) {
          throw new IllegalStateException("no mail template " + r);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static String fill(String template, Map<String, String> values, boolean html) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("mail template needs {{" + matcher.group(1) + "}}");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(html ? HtmlText.escape(value) : value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
