package io.coveton.shared.config;

import io.coveton.shared.net.AddressBlocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Every setting of a Coveton node, read once at start-up from COVETON_* variables or a config file. */
public record CovetonConfig(
    String nodeId,
    String httpHost,
    int httpPort,
    int httpInstances,
    RelaySettings relay,
    Path dataDir,
    String geoIpCsv,
    DatabaseSettings database,
    TokenSettings tokens,
    PasswordSettings passwords,
    LimitSettings limits,
    TransportSettings transport,
    ClusterSettings cluster,
    MessagingSettings messaging,
    Duration shutdownGrace,
    MetricsSettings metrics,
    MailSettings mail,
    OAuthSettings oauth,
    StorageSettings storage,
    BillingSettings billing,
    WebhookSettings webhooks,
    KeyDirectorySettings keys) {

  /**
   * The key directory: at most {@code maxPreKeysPerUpload} one-time prekeys of each kind per
   * upload; the owner is told when a pool falls below {@code lowWatermark}; a caller may fetch at
   * most {@code bundlesPerMinute} prekey bundles a minute (each fetch consumes the target's keys).
   */
  public record KeyDirectorySettings(int maxPreKeysPerUpload, int lowWatermark, int bundlesPerMinute) {}

  /**
   * Outbound webhooks: {@code allowedTargets} are address blocks deliveries may reach although
   * they are loopback, private or link-local (self-hosted receivers); {@code retryWindow}: how long
   * a delivery is retried, and how long an endpoint may fail in a row before it is disabled.
   */
  public record WebhookSettings(List<String> allowedTargets, Duration timeout, Duration retryWindow) {
    public AddressBlocks allowedTargetBlocks() {
      return AddressBlocks.parse(allowedTargets, "COVETON_WEBHOOK_ALLOWED_TARGETS");
    }
  }

  /**
   * Plans and payment providers. {@code plansFile}: the plan catalogue (empty: the built-in one);
   * {@code redirectUris}: where a checkout may send the browser back to (the rule of the sign-in
   * allowlist); a provider is on when its secret key is set.
   */
  public record BillingSettings(String plansFile, List<String> redirectUris, Duration providerTimeout,
      PaymentProvider stripe, PaymentProvider paystack, PaymentProvider flutterwave) {}

  /**
   * One payment provider: its API, the secret key that calls it, and what its webhooks are checked
   * with (Stripe: the endpoint's signing secret; Paystack: the secret key itself; Flutterwave: the
   * secret hash, and whether its {@code flutterwave-signature} header is required).
   */
  public record PaymentProvider(String apiUrl, String secretKey, String webhookSecret, boolean signatureRequired) {
    public boolean configured() {
      return secretKey != null && !secretKey.isBlank();
    }

    @Override
    public String toString() {
      return "PaymentProvider[apiUrl=" + apiUrl + ", secretKey=" + (configured() ? "(hidden)" : "none")
          + ", webhookSecret=(hidden)]";
    }
  }

  /**
   * Where encrypted files are kept: any S3-compatible store ({@code endpoint} is what the server
   * calls, {@code publicEndpoint} what the URLs handed to clients point to), or with no endpoint an
   * S3-compatible server run in process on {@code embeddedHost}:{@code embeddedPort} with its files
   * in the data folder. Sizes in bytes; {@code sweepPeriod}: how often unreferenced files are deleted.
   */
  public record StorageSettings(String endpoint, String publicEndpoint, String region, String bucket,
      String accessKeyId, String secretAccessKey, boolean pathStyle, String embeddedHost, int embeddedPort,
      long maxFileBytes, long multipartThresholdBytes, long multipartPartBytes, long quotaBytesPerUser,
      Duration sweepPeriod, Duration uploadUrlValidity, Duration downloadUrlValidity) {
    public boolean embedded() {
      return endpoint == null || endpoint.isBlank();
    }

    @Override
    public String toString() {
      return "StorageSettings[endpoint=" + (embedded() ? "(embedded)" : endpoint) + ", publicEndpoint=" + publicEndpoint
          + ", region=" + region + ", bucket=" + bucket + ", accessKeyId=" + accessKeyId
          + ", secretAccessKey=(hidden), pathStyle=" + pathStyle + ", embedded=" + embeddedHost + ":" + embeddedPort
          + ", maxFileBytes=" + maxFileBytes + ", multipartThresholdBytes=" + multipartThresholdBytes
          + ", multipartPartBytes=" + multipartPartBytes + ", quotaBytesPerUser=" + quotaBytesPerUser + "]";
    }
  }

  /**
   * Sign-in with identity providers. {@code publicApiUrl}: this API as browsers reach it (the
   * providers redirect to {@code <publicApiUrl>/v1/auth/oauth/<provider>/callback});
   * {@code redirectUris}: where a finished sign-in may send the browser back to (each an absolute
   * URL; a redirect URI matches an entry with the same scheme, host and port and a path equal to, or
   * below, the entry's). A provider is on when its client id and secret are set.
   */
  public record OAuthSettings(String publicApiUrl, List<String> redirectUris, Duration providerTimeout,
      GoogleSettings google, GitHubSettings github) {}

  /** Google's OpenID Connect endpoints (the defaults are Google's) and this app's client. */
  public record GoogleSettings(String clientId, String clientSecret, String authorizationUrl, String tokenUrl,
      String jwksUrl, String issuer) {
    public boolean configured() {
      return !clientId.isBlank() && !clientSecret.isBlank();
    }

    @Override
    public String toString() {
      return "GoogleSettings[clientId=" + clientId + ", clientSecret=(hidden), authorizationUrl=" + authorizationUrl
          + ", tokenUrl=" + tokenUrl + ", jwksUrl=" + jwksUrl + ", issuer=" + issuer + "]";
    }
  }

  /** GitHub's OAuth endpoints and REST API (the defaults are GitHub's) and this app's client. */
  public record GitHubSettings(String clientId, String clientSecret, String authorizationUrl, String tokenUrl,
      String apiUrl) {
    public boolean configured() {
      return !clientId.isBlank() && !clientSecret.isBlank();
    }

    @Override
    public String toString() {
      return "GitHubSettings[clientId=" + clientId + ", clientSecret=(hidden), authorizationUrl=" + authorizationUrl
          + ", tokenUrl=" + tokenUrl + ", apiUrl=" + apiUrl + "]";
    }
  }

  /**
   * Outgoing mail: an SMTP server ({@code security} {@code starttls}, {@code tls} or {@code none}),
   * or, with no host, files in the data folder; {@code publicAppUrl} is where links in mails point.
   */
  public record MailSettings(String smtpHost, int smtpPort, String security, String user, String password,
      String from, String publicAppUrl) {
    public boolean smtpConfigured() {
      return smtpHost != null && !smtpHost.isBlank();
    }

    @Override
    public String toString() {
      return "MailSettings[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", security=" + security + ", user="
          + user + ", password=(hidden), from=" + from + ", publicAppUrl=" + publicAppUrl + "]";
    }
  }

  /**
   * Where Prometheus scrapes {@code /metrics}: a port of its own ({@code port} -1: none, 0: any free
   * one), loopback-only by default; and on the public REST port only when {@code token} is set, for
   * a caller presenting it as a bearer token.
   */
  public record MetricsSettings(String host, int port, String token) {
    public boolean onRestPort() {
      return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
      return "MetricsSettings[host=" + host + ", port=" + port + ", token=" + (onRestPort() ? "(hidden)" : "none") + "]";
    }
  }

  /**
   * A configured Postgres, or none for the embedded default. {@code vacuumPeriod}: how often a node
   * vacuums the tables that churn when the server's autovacuum is off (zero: never); {@code outboxPoll}:
   * how often each node looks for outbox events due to its consumers.
   */
  public record DatabaseSettings(String url, int poolSize, int embeddedPort, Duration vacuumPeriod,
      Duration outboxPoll) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }

  /**
   * Access tokens, sessions, and the key-encryption keys that seal secrets at rest
   * ({@code id:base64} each, the first current; empty: a key file in the data folder).
   */
  public record TokenSettings(String issuer, String audience, Duration accessTokenTtl, Duration sessionMaxAge,
      List<String> keyEncryptionKeys) {
    @Override
    public String toString() {
      return "TokenSettings[issuer=" + issuer + ", audience=" + audience + ", accessTokenTtl=" + accessTokenTtl
          + ", sessionMaxAge=" + sessionMaxAge + ", keyEncryptionKeys=" + keyEncryptionKeys.size() + " (hidden)]";
    }
  }

  public record PasswordSettings(int argon2MemoryKib, int argon2Iterations, int argon2Parallelism) {}

  public record LimitSettings(
      int requestsPerMinute,
      int maxBodyBytes,
      int loginFailuresPerAccountAndIp,
      int loginFailuresPerIp,
      Duration loginFailureWindow,
      int registerConflictsPerIpPerHour) {}

  /**
   * TLS, proxies and the connection guards of both ports: a connection with nothing read or written
   * for {@code idleTimeout} is closed, as is one whose request headers take longer than
   * {@code headerTimeout} from their first byte (on the relay port: the upgrade request from the
   * connect) or whose body takes longer than {@code bodyTimeout}; at most
   * {@code maxConnectionsPerIp} connections per peer address and port (0: no cap; trusted proxies
   * are exempt). {@code corsAllowedOrigins}: the browser origins that may call the REST API.
   */
  public record TransportSettings(
      boolean requireHttps, List<String> trustedProxies, String tlsCertPath, String tlsKeyPath,
      Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnectionsPerIp,
      List<String> corsAllowedOrigins) {
    public boolean tlsConfigured() {
      return tlsCertPath != null && !tlsCertPath.isBlank() && tlsKeyPath != null && !tlsKeyPath.isBlank();
    }

    public AddressBlocks trustedProxyBlocks() {
      return AddressBlocks.parse(trustedProxies, "COVETON_TRUSTED_PROXIES");
    }
  }

  /** The WebSocket relay's port and limits. */
  public record RelaySettings(
      String host, int port, int eventLoops, int heartbeatSeconds, int maxFrameBytes, int framesPerSecond,
      int frameBurst, Duration authTimeout, List<String> allowedOrigins) {}

  /** Size limits of messages and of the key material devices register. */
  public record MessagingSettings(
      int maxCiphertextChars, int maxEnvelopeHeaderChars, int maxEnvelopes, int maxGroupParticipants,
      int maxDevicesPerUser, Duration expirySweepPeriod, Duration readNotificationRetention) {}

  /** Hazelcast membership. {@code config} is "loopback", "kubernetes" or a path to a Hazelcast XML file. */
  public record ClusterSettings(
      boolean enabled, String name, String host, int port, List<String> members, String config) {}
}
