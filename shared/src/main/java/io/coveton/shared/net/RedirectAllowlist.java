package io.coveton.shared.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where a flow that leaves for a third party (a sign-in, a checkout) may send the browser back to,
 * with what it carries (a one-time code). A redirect URI is allowed
 * when it is an absolute http(s) URL without user info or fragment whose scheme, host and port are
 * those of an entry and whose path is the entry's path or below it (on a segment boundary, so
 * {@code /app} allows {@code /app/done} but not {@code /application}), with no dot segment, plain or
 * percent-encoded. Its query is the app's own, except the parameters the flow adds.
 */
public final class RedirectAllowlist {
  private final List<URI> entries;

  /** {@code setting} names the configuration in errors. */
  public RedirectAllowlist(List<String> entries, String setting) {
    this.entries = entries.stream().map(entry -> {
      URI uri = parse(entry);
      if (uri == null) {
        throw new IllegalArgumentException(setting + ": '" + entry + "' is not an absolute http(s) URL");
      }
      return uri;
    }).toList();
  }

  public boolean allows(String candidate) {
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
    return path.equals(base) || path.startsWith(base.endsWith("/") ? base : base + "/");
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /**
   * No dot segment, and nothing a browser would decode into one or into another separator
   * ({@code %2e}, {@code %2f}, {@code %5c}): the path compared is the path the browser opens.
   */
  private static boolean plainPath(String rawPath) {
    String lower = rawPath == null ? "" : rawPath.toLowerCase(Locale.ROOT);
    if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
      return false;
    }
    for (String segment : lower.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** The flow appends {@code code}, {@code error} and {@code message}: a redirect URI may not bring its own. */
  private static boolean setsFlowParameters(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    for (String pair : rawQuery.split("&")) {
      String name = java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8);
      if (name.equals("code") || name.equals("error") || name.equals("message")) {
        return true;
      }
    }
    return false;
  }

  private static URI parse(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean usable = (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
          && uri.getRawUserInfo() == null && uri.getRawFragment() == null && !text.contains("\\")
          && plainPath(uri.getRawPath()) && !setsFlowParameters(uri.getRawQuery());
      return usable ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
