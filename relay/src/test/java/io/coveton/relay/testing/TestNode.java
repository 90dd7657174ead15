package io.coveton.relay.testing;

import io.coveton.relay.RelayDependencies;
import io.coveton.relay.session.AckBatcher;
import io.coveton.relay.session.ConnectionRegistry;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.auth.DeviceAuthentication;
import io.coveton.shared.chats.ChatRepository;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.cluster.DeliveryRouter;
import io.coveton.shared.cluster.LocalPresence;
import io.coveton.shared.config.ConfigLoader;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.metrics.CovetonMetrics;
import io.coveton.shared.tokens.AccessTokens;
import io.coveton.shared.tokens.SigningKey;
import io.vertx.core.Vertx;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A relay node's collaborators with the real classes over a {@link FakeDatabase}: real token
 * verification (ES256, a key made per node), session and device checks, presence of a node that
 * runs alone, and the connection registry. Default configuration, as documented in the protocol.
 */
public final class TestNode implements AutoCloseable {
  public static final String NODE_ID = "node-test";
  public static final String USER_ID = "usr_00000000000000000000000001";
  public static final String SESSION_ID = "ses_00000000000000000000000001";
  public static final String DEVICE_ID = "dev_00000000000000000000000001";

  private final Vertx vertx = Vertx.vertx();
  private final FakeDatabase database = new FakeDatabase();
  private final CovetonConfig config = ConfigLoader.from(Map.of("COVETON_NODE_ID", NODE_ID));
  private final CovetonMetrics metrics = new CovetonMetrics();
  private final AccessTokens tokens = new AccessTokens(vertx, newSigningKey(), config.tokens());
  private final DeviceAuthentication authentication = new DeviceAuthentication(tokens,
      new SessionCache(new SessionRepository(database.pool()), vertx.eventBus()),
      new SessionRepository(database.pool()), new DeviceRepository(database.pool()));
  private final LocalPresence presence = new LocalPresence();
  private final DeliveryRepository deliveries = new DeliveryRepository(database.pool());
  private final DeliveryRouter router = new DeliveryRouter(presence, vertx.eventBus());
  private final ParticipantCache participants =
      new ParticipantCache(new ChatRepository(database.pool()), vertx.eventBus());
  private final ChatEvents events =
      new ChatEvents(router, new ChatRepository(database.pool()), participants, vertx.eventBus());
  private final ConnectionRegistry registry = new ConnectionRegistry(NODE_ID, presence, router, deliveries, events,
      () -> true, metrics, new AckBatcher(deliveries));

  public TestNode() {
    database.activeDevice(USER_ID, SESSION_ID, DEVICE_ID);
  }

  public FakeDatabase database() {
    return database;
  }

  public CovetonConfig config() {
    return config;
  }

  public CovetonMetrics metrics() {
    return metrics;
  }

  public DeviceAuthentication authentication() {
    return authentication;
  }

  public ConnectionRegistry registry() {
    return registry;
  }

  /** A valid access token of the test user's session. */
  public String accessToken() {
    return tokens.issue(USER_ID, SESSION_ID);
  }

  public RelayDependencies dependencies() {
    // send frames are not exercised by these tests, so no message sender or idempotency store
    return new RelayDependencies(config, NODE_ID, authentication, participants, deliveries, null, null, presence,
        router, events, metrics, () -> true);
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  private static SigningKey newSigningKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new SigningKey("key_test", "ES256", pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
          pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
