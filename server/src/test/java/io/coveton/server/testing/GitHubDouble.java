package io.coveton.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server shaped like GitHub's OAuth and REST API, checking each request against
 * GitHub's documentation: {@code GET /login/oauth/authorize} (client id, redirect URI, state) signs
 * the next queued user in at once; {@code POST /login/oauth/access_token} takes a form with the
 * client secret, the code (once) and the same redirect URI and answers JSON when asked to (200 with
 * an {@code error} member for a bad code, as GitHub does); {@code GET /user} and
 * {@code GET /user/emails} need the bearer token, a User-Agent and the API's media type.
 */
public final class GitHubDouble implements AutoCloseable {
  private final HttpServer server;
  private final String clientId;
  private final String clientSecret;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, GitHubUser> tokens = new ConcurrentHashMap<>();
  private final List<GitHubUser> queued = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  /** Who signs in next: GitHub's numeric id, login, name, and the account's emails. */
  public record GitHubUser(long id, String login, String name, List<Email> emails) {}

  public record Email(String email, boolean primary, boolean verified) {}

  private record Grant(GitHubUser user, String redirectUri) {}

  public GitHubDouble(String clientId, String clientSecret) throws IOException {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/login/oauth/authorize", this::authorize);
    server.createContext("/login/oauth/access_token", this::accessToken);
    server.createContext("/user", this::user);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void signInNext(GitHubUser user) {
    queued.add(user);
  }

  /** Requests that broke GitHub's documented shape; a test asserts there were none. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
    if (!exchange.getRequestMethod().equals("GET") || !clientId.equals(query.get("client_id"))
        || query.get("redirect_uri") == null || query.get("state") == null) {
      violation(exchange, "authorize needs GET with client_id, redirect_uri and state: " + query);
      return;
    }
    if (!query.getOrDefault("scope", "").contains("user:email")) {
      violations.add("authorize without the user:email scope cannot read /user/emails");
    }
    GitHubUser user = queued.isEmpty() ? null : queued.remove(0);
    if (user == null) {
      violation(exchange, "no user queued");
      return;
    }
    String code = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    codes.put(code, new Grant(user, query.get("redirect_uri")));
    exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
        + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void accessToken(HttpExchange exchange) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!exchange.getRequestMethod().equals("POST") || contentType == null
        || !contentType.startsWith("application/x-www-form-urlencoded")) {
      violation(exchange, "access_token needs a form POST, got " + exchange.getRequestMethod() + " " + contentType);
      return;
    }
    if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
      violations.add("access_token without Accept: application/json answers form-encoded text");
    }
    Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
      json(exchange, 200, new JsonObject().put("error", "incorrect_client_credentials")
          .put("error_description", "The client_id and/or client_secret passed are incorrect.").encode());
      return;
    }
    Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
    if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))) {
      json(exchange, 200, new JsonObject().put("error", "bad_verification_code")
          .put("error_description", "The code passed is incorrect or expired.").encode());
      return;
    }
    String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
    tokens.put(token, grant.user());
    json(exchange, 200, new JsonObject().put("access_token", token).put("token_type", "bearer")
        .put("scope", "read:user,user:email").encode());
  }

  private void user(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    GitHubUser user = authorization == null ? null : tokens.get(authorization.replaceFirst("^(Bearer|token) ", ""));
    if (exchange.getRequestHeaders().getFirst("User-Agent") == null) {
      violation(exchange, "GitHub refuses API requests without a User-Agent");
      return;
    }
    if (!"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
      violations.add("API request without Accept: application/vnd.github+json");
    }
    if (user == null) {
      json(exchange, 401, new JsonObject().put("message", "Bad credentials").encode());
      return;
    }
    switch (path) {
      case "/user" -> json(exchange, 200, new JsonObject().put("id", user.id()).put("login", user.login())
          .put("name", user.name()).put("email", (String) null).encode());
      case "/user/emails" -> {
        JsonArray emails = new JsonArray();
        user.emails().forEach(e -> emails.add(new JsonObject().put("email", e.email()).put("primary", e.primary())
            .put("verified", e.verified()).put("visibility", e.primary() ? "private" : null)));
        json(exchange, 200, emails.encode());
      }
      default -> json(exchange, 404, new JsonObject().put("message", "Not Found").encode());
    }
  }

  private void violation(HttpExchange exchange, String what) throws IOException {
    violations.add(what);
    json(exchange, 400, new JsonObject().put("message", what).encode());
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static Map<String, String> parse(String encoded) {
    Map<String, String> values = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  /** The query parameters of a URL, decoded. */
  public static Map<String, String> query(String url) {
    return parse(URI.create(url).getRawQuery());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
