package io.coveton.shared.persistence;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a Postgres database lives, parsed from {@code postgresql://user:pass@host:port/db} (also
 * {@code postgres://} and {@code jdbc:postgresql://}). Both the reactive pool and Flyway's JDBC
 * connection are built from it.
 */
public record DatabaseLocation(String host, int port, String database, String user, String password) {

  public static DatabaseLocation parse(String url) {
    String text = url.trim();
    if (text.startsWith("jdbc:")) {
      text = text.substring(5);
    }
    URI uri = URI.create(text);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("COVETON_DATABASE_URL must start with postgresql://");
    }
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals("user")) {
          user = decode(kv[1]);
        } else if (kv.length == 2 && kv[0].equals("password")) {
          password = decode(kv[1]);
        }
      }
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return new DatabaseLocation(
        uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.isEmpty() ? "postgres" : path,
        user,
        password);
  }

  public DatabaseLocation withDatabase(String otherDatabase) {
    return new DatabaseLocation(host, port, otherDatabase, user, password);
  }

  /** The {@code COVETON_DATABASE_URL} form, password included when there is one (never logged: see toString). */
  public String url() {
    String credentials = password == null || password.isEmpty() ? encode(user) : encode(user) + ":" + encode(password);
    return "postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
