package io.coveton.rest.auth.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where a finished sign-in may send the browser (and its one-time code). A redirect URI is allowed
 * when it is an absolute http(s) URL without user info or fragment whose scheme, host and port are
 * those of an entry and whose path is the entry's path or below it (on a segment boundary, so
 * {@code /app} allows {@code /app/done} but not {@code /application}). Its query is the app's own.
 */
final class RedirectAllowlist {
  private final List<URI> entries;

  RedirectAllowlist(List<String> entries) {
    this.entries = entries.stream().map(entry -> {
      URI uri = parse(entry);
      if (uri == null) {
        throw new IllegalArgumentException("COVETON_OAUTH_REDIRECT_URIS: '" + entry + "' is not an absolute http(s) URL");
      }
      return uri;
    }).toList();
  }

  boolean allows(String candidate) {
    URI uri = candidate == null || candidate.length() > 2048 ? null : parse(candidate);
    return uri != null && entries.stream().anyMatch(entry -> matches(entry, uri));
  }

  private static boolean matches(URI entry, URI uri) {
    if (!entry.getScheme().equalsIgnoreCase(uri.getScheme()) || !entry.getHost().equalsIgnoreCase(uri.getHost())
        || port(entry) != port(uri)) {
      return false;
    }
    String base = entry.getRawPath().isEmpty() ? "/" : entry.getRawPath();
    String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (path.contains("/../") || path.endsWith("/..") || path.contains("/./")) {
      return false;
    }
    return path.equals(base) || path.startsWith(base.endsWith("/") ? base : base + "/");
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static URI parse(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean usable = (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
          && uri.getRawUserInfo() == null && uri.getRawFragment() == null && !text.contains("\\");
      return usable ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
