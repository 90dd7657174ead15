package io.coveton.shared.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Builds a {@link CovetonConfig} from a map of COVETON_* settings. The process environment wins over
 * the properties file named by COVETON_CONFIG_FILE, which wins over the defaults.
 */
public final class ConfigLoader {
  private final Map<String, String> settings;

  private ConfigLoader(Map<String, String> settings) {
    this.settings = settings;
  }

  public static CovetonConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static CovetonConfig from(Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>();
    String file = environment.get("COVETON_CONFIG_FILE");
    if (file != null && !file.isBlank()) {
      merged.putAll(readPropertiesFile(Path.of(file)));
    }
    environment.forEach((k, v) -> {
      if (k.startsWith("COVETON_")) {
        merged.put(k, v);
      }
    });
    return new ConfigLoader(merged).load();
  }

  private static Map<String, String> readPropertiesFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read COVETON_CONFIG_FILE " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
    return values;
  }

  private CovetonConfig load() {
    Path dataDir = Path.of(text("COVETON_DATA_DIR", "data")).toAbsolutePath();
    int cores = Runtime.getRuntime().availableProcessors();
    return new CovetonConfig(
        text("COVETON_NODE_ID", "node-" + UUID.randomUUID().toString().substring(0, 8)),
        text("COVETON_HTTP_HOST", "0.0.0.0"),
        integer("COVETON_HTTP_PORT", 8080),
        integer("COVETON_HTTP_INSTANCES", cores),
        new CovetonConfig.RelaySettings(
            text("COVETON_RELAY_HOST", text("COVETON_HTTP_HOST", "0.0.0.0")),
            integer("COVETON_RELAY_PORT", 8081),
            integer("COVETON_RELAY_EVENT_LOOPS", cores),
            integer("COVETON_RELAY_HEARTBEAT_SECONDS", 30),
            integer("COVETON_RELAY_MAX_FRAME_BYTES", 1024 * 1024),
            integer("COVETON_RELAY_FRAMES_PER_SECOND", 100),
            integer("COVETON_RELAY_FRAME_BURST", 200),
            Duration.ofSeconds(integer("COVETON_RELAY_AUTH_TIMEOUT_SECONDS", 10)),
            list("COVETON_RELAY_ALLOWED_ORIGINS", "")),
        dataDir,
        text("COVETON_GEOIP_CSV", ""),
        new CovetonConfig.DatabaseSettings(
            text("COVETON_DATABASE_URL", ""),
            integer("COVETON_DATABASE_POOL_SIZE", 16),
            integer("COVETON_EMBEDDED_DATABASE_PORT", 0),
            Duration.ofSeconds(integer("COVETON_VACUUM_SECONDS", 10)),
            Duration.ofMillis(Math.max(10, integer("COVETON_OUTBOX_POLL_MILLIS", 250)))),
        new CovetonConfig.TokenSettings(
            text("COVETON_JWT_ISSUER", "coveton"),
            text("COVETON_JWT_AUDIENCE", "coveton-api"),
            Duration.ofSeconds(integer("COVETON_ACCESS_TOKEN_TTL_SECONDS", 900)),
            Duration.ofDays(integer("COVETON_SESSION_MAX_AGE_DAYS", 30)),
            list("COVETON_KEY_ENCRYPTION_KEYS", "")),
        new CovetonConfig.PasswordSettings(
            integer("COVETON_ARGON2_MEMORY_KIB", 19456),
            integer("COVETON_ARGON2_ITERATIONS", 2),
            integer("COVETON_ARGON2_PARALLELISM", 1)),
        new CovetonConfig.LimitSettings(
            integer("COVETON_RATE_LIMIT_PER_MINUTE", 120),
            integer("COVETON_MAX_BODY_BYTES", 2 * 1024 * 1024),
            integer("COVETON_LOGIN_MAX_FAILURES_PER_ACCOUNT", 10),
            integer("COVETON_LOGIN_MAX_FAILURES_PER_IP", 100),
            Duration.ofMinutes(integer("COVETON_LOGIN_FAILURE_WINDOW_MINUTES", 15)),
            integer("COVETON_REGISTER_MAX_CONFLICTS_PER_HOUR", 20)),
        new CovetonConfig.TransportSettings(
            bool("COVETON_REQUIRE_HTTPS", true),
            list("COVETON_TRUSTED_PROXIES", ""),
            text("COVETON_TLS_CERT_PATH", ""),
            text("COVETON_TLS_KEY_PATH", ""),
            Duration.ofSeconds(atLeast("COVETON_HTTP_IDLE_TIMEOUT_SECONDS", 60, 1)),
            Duration.ofSeconds(atLeast("COVETON_HTTP_HEADER_TIMEOUT_SECONDS", 10, 1)),
            Duration.ofSeconds(atLeast("COVETON_HTTP_BODY_TIMEOUT_SECONDS", 30, 1)),
            atLeast("COVETON_MAX_CONNECTIONS_PER_IP", 256, 0),
            list("COVETON_CORS_ALLOWED_ORIGINS", "")),
        new CovetonConfig.ClusterSettings(
            bool("COVETON_CLUSTER_ENABLED", false),
            text("COVETON_CLUSTER_NAME", "coveton"),
            text("COVETON_CLUSTER_HOST", "127.0.0.1"),
            integer("COVETON_CLUSTER_PORT", 5701),
            list("COVETON_CLUSTER_MEMBERS", "127.0.0.1"),
            text("COVETON_CLUSTER_CONFIG", "loopback")),
        new CovetonConfig.MessagingSettings(
            integer("COVETON_MAX_CIPHERTEXT_BYTES", 256 * 1024),
            integer("COVETON_MAX_ENVELOPE_HEADER_BYTES", 8 * 1024),
            integer("COVETON_MAX_ENVELOPES", 1000),
            integer("COVETON_MAX_GROUP_PARTICIPANTS", 1000),
            integer("COVETON_MAX_DEVICES_PER_USER", 100),
            Duration.ofSeconds(integer("COVETON_EXPIRY_SWEEP_SECONDS", 10)),
            Duration.ofDays(atLeast("COVETON_NOTIFICATION_RETENTION_DAYS", 90, 1))),
        Duration.ofSeconds(integer("COVETON_SHUTDOWN_GRACE_SECONDS", 10)),
        new CovetonConfig.MetricsSettings(
            text("COVETON_METRICS_HOST", "127.0.0.1"),
            atLeast("COVETON_METRICS_PORT", 9464, -1),
            text("COVETON_METRICS_TOKEN", "")),
        new CovetonConfig.MailSettings(
            text("COVETON_SMTP_HOST", ""),
            atLeast("COVETON_SMTP_PORT", 587, 1),
            oneOf("COVETON_SMTP_SECURITY", "starttls", "starttls", "tls", "none"),
            text("COVETON_SMTP_USER", ""),
            text("COVETON_SMTP_PASSWORD", ""),
            text("COVETON_SMTP_FROM", "Coveton <no-reply@localhost>"),
            text("COVETON_PUBLIC_APP_URL", "http://localhost:8080")),
        new CovetonConfig.OAuthSettings(
            withoutTrailingSlash(text("COVETON_PUBLIC_API_URL", "http://localhost:" + integer("COVETON_HTTP_PORT", 8080))),
            list("COVETON_OAUTH_REDIRECT_URIS", text("COVETON_PUBLIC_APP_URL", "http://localhost:8080")),
            Duration.ofSeconds(atLeast("COVETON_OAUTH_TIMEOUT_SECONDS", 10, 1)),
            new CovetonConfig.GoogleSettings(
                text("COVETON_OAUTH_GOOGLE_CLIENT_ID", ""),
                text("COVETON_OAUTH_GOOGLE_CLIENT_SECRET", ""),
                text("COVETON_OAUTH_GOOGLE_AUTHORIZATION_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
                text("COVETON_OAUTH_GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token"),
                text("COVETON_OAUTH_GOOGLE_JWKS_URL", "https://www.googleapis.com/oauth2/v3/certs"),
                text("COVETON_OAUTH_GOOGLE_ISSUER", "https://accounts.google.com")),
            new CovetonConfig.GitHubSettings(
                text("COVETON_OAUTH_GITHUB_CLIENT_ID", ""),
                text("COVETON_OAUTH_GITHUB_CLIENT_SECRET", ""),
                text("COVETON_OAUTH_GITHUB_AUTHORIZATION_URL", "https://github.com/login/oauth/authorize"),
                text("COVETON_OAUTH_GITHUB_TOKEN_URL", "https://github.com/login/oauth/access_token"),
                withoutTrailingSlash(text("COVETON_OAUTH_GITHUB_API_URL", "https://api.github.com")))),
        new CovetonConfig.StorageSettings(
            withoutTrailingSlash(text("COVETON_S3_ENDPOINT", "")),
            withoutTrailingSlash(text("COVETON_S3_PUBLIC_ENDPOINT", "")),
            text("COVETON_S3_REGION", "us-east-1"),
            text("COVETON_S3_BUCKET", "coveton-files"),
            text("COVETON_S3_ACCESS_KEY_ID", ""),
            text("COVETON_S3_SECRET_ACCESS_KEY", ""),
            bool("COVETON_S3_PATH_STYLE", text("COVETON_S3_ENDPOINT", "").isBlank()),
            text("COVETON_EMBEDDED_S3_HOST", "127.0.0.1"),
            atLeast("COVETON_EMBEDDED_S3_PORT", 9000, 0),
            atLeastLong("COVETON_MAX_FILE_BYTES", 100L * 1024 * 1024, 1),
            atLeastLong("COVETON_MULTIPART_THRESHOLD_BYTES", 64L * 1024 * 1024, 5L * 1024 * 1024),
            atLeastLong("COVETON_MULTIPART_PART_BYTES", 16L * 1024 * 1024, 5L * 1024 * 1024),
            atLeastLong("COVETON_STORAGE_QUOTA_BYTES", 10L * 1024 * 1024 * 1024, 0),
            Duration.ofSeconds(atLeast("COVETON_FILE_SWEEP_SECONDS", 60, 1)),
            Duration.ofSeconds(atLeast("COVETON_UPLOAD_URL_SECONDS", 900, 1)),
            Duration.ofSeconds(atLeast("COVETON_DOWNLOAD_URL_SECONDS", 300, 1))),
        new CovetonConfig.BillingSettings(
            text("COVETON_PLANS_FILE", ""),
            list("COVETON_BILLING_REDIRECT_URIS", text("COVETON_PUBLIC_APP_URL", "http://localhost:8080")),
            Duration.ofSeconds(atLeast("COVETON_BILLING_TIMEOUT_SECONDS", 10, 1)),
            new CovetonConfig.PaymentProvider(withoutTrailingSlash(text("COVETON_STRIPE_API_URL", "https://api.stripe.com")),
                text("COVETON_STRIPE_SECRET_KEY", ""), text("COVETON_STRIPE_WEBHOOK_SECRET", ""), true),
            new CovetonConfig.PaymentProvider(
                withoutTrailingSlash(text("COVETON_PAYSTACK_API_URL", "https://api.paystack.co")),
                text("COVETON_PAYSTACK_SECRET_KEY", ""), text("COVETON_PAYSTACK_SECRET_KEY", ""), true),
            new CovetonConfig.PaymentProvider(
                withoutTrailingSlash(text("COVETON_FLUTTERWAVE_API_URL", "https://api.flutterwave.com")),
                text("COVETON_FLUTTERWAVE_SECRET_KEY", ""), text("COVETON_FLUTTERWAVE_SECRET_HASH", ""),
                bool("COVETON_FLUTTERWAVE_SIGNATURE_REQUIRED", false))),
        new CovetonConfig.WebhookSettings(
            list("COVETON_WEBHOOK_ALLOWED_TARGETS", ""),
            Duration.ofSeconds(atLeast("COVETON_WEBHOOK_TIMEOUT_SECONDS", 10, 1)),
            Duration.ofHours(atLeast("COVETON_WEBHOOK_RETRY_HOURS", 24, 1))),
        new CovetonConfig.KeyDirectorySettings(
            atLeast("COVETON_MAX_PREKEYS_PER_UPLOAD", 200, 1),
            atLeast("COVETON_PREKEY_LOW_WATERMARK", 10, 0),
            atLeast("COVETON_PREKEY_BUNDLES_PER_MINUTE", 60, 1)));
  }

  private long atLeastLong(String key, long fallback, long minimum) {
    String raw = settings.get(key);
    long value;
    try {
      value = raw == null || raw.isBlank() ? fallback : Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + raw + "'");
    }
    if (value < minimum) {
      throw new IllegalArgumentException(key + " must be at least " + minimum + ", got " + value);
    }
    return value;
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private String oneOf(String key, String fallback, String... allowed) {
    String value = text(key, fallback).toLowerCase();
    if (!java.util.Arrays.asList(allowed).contains(value)) {
      throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
    return value;
  }

  private String text(String key, String fallback) {
    String value = settings.get(key);
    return value == null ? fallback : value.trim();
  }

  private int integer(String key, int fallback) {
    String value = settings.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
    }
  }

  private int atLeast(String key, int fallback, int minimum) {
    int value = integer(key, fallback);
    if (value < minimum) {
      throw new IllegalArgumentException(key + " must be at least " + minimum + ", got " + value);
    }
    return value;
  }

  private boolean bool(String key, boolean fallback) {
    String value = settings.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase()) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    };
  }

  private List<String> list(String key, String fallback) {
    return Arrays.stream(text(key, fallback).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
