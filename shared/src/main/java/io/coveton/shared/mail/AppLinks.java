package io.coveton.shared.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links in mails, into the app at {@code COVETON_PUBLIC_APP_URL}: {@code <app>/<path>?token=<token>}. */
public final class AppLinks {
  private final String base;

  public AppLinks(String publicAppUrl) {
    this.base = publicAppUrl.endsWith("/") ? publicAppUrl.substring(0, publicAppUrl.length() - 1) : publicAppUrl;
  }

  public String withToken(String path, String token) {
    return base + "/" + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }
}
