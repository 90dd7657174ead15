package io.coveton.server;

import io.coveton.rest.RestDependencies;
import io.coveton.rest.docs.ApiDocs;
import io.coveton.rest.RestVerticle;
import io.coveton.rest.health.HealthRoutes;
import io.coveton.rest.health.MetricsVerticle;
import io.coveton.relay.RelayDependencies;
import io.coveton.relay.RelayVerticle;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.accounts.SessionRepository;
import io.coveton.shared.chats.ChatRepository;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.cluster.DeliveryRouter;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.geo.GeoIpTable;
import io.coveton.shared.devices.DeviceRepository;
import io.coveton.shared.auth.DeviceAuthentication;
import io.coveton.shared.delivery.BacklogSampleJob;
import io.coveton.shared.idempotency.IdempotencyPurgeJob;
import io.coveton.shared.jobs.JobScheduler;
import io.coveton.shared.jobs.PeriodicJob;
import io.coveton.shared.messages.ExpiredMessageSweepJob;
import io.coveton.shared.metrics.EventLoopLagJob;
import io.coveton.shared.notifications.NotificationConsumer;
import io.coveton.shared.notifications.NotificationPurgeJob;
import io.coveton.shared.notifications.NotificationPush;
import io.coveton.shared.notifications.NotificationRepository;
import io.coveton.shared.outbox.Outbox;
import io.coveton.shared.outbox.OutboxConsumer;
import io.coveton.shared.outbox.OutboxDispatcher;
import io.coveton.shared.outbox.OutboxPurgeJob;
import io.coveton.shared.outbox.OutboxRepository;
import io.coveton.shared.persistence.TableMaintenance;
import io.coveton.shared.idempotency.Idempotency;
import io.coveton.shared.idempotency.IdempotencyRepository;
import io.coveton.shared.messages.MessageRepository;
import io.coveton.shared.messages.MessageSender;
import io.coveton.shared.messages.SendBatcher;
import io.coveton.shared.metrics.CovetonMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.crypto.KeyRing;
import io.coveton.shared.audit.AuditLog;
import io.coveton.shared.audit.AuditTrail;
import io.coveton.shared.billing.BillingEventJob;
import io.coveton.shared.billing.InvoiceRepository;
import io.coveton.shared.billing.PaymentEventRepository;
import io.coveton.shared.billing.PlanCatalogue;
import io.coveton.shared.billing.ProviderEvents;
import io.coveton.shared.billing.SubscriptionRepository;
import io.coveton.shared.crypto.SecretBox;
import io.coveton.shared.files.FileReferences;
import io.coveton.shared.files.FileRepository;
import io.coveton.shared.files.FileRetentionJob;
import io.coveton.shared.storage.EmbeddedObjectStorage;
import io.coveton.shared.webhooks.WebhookDeliveryJob;
import io.coveton.shared.webhooks.WebhookFanout;
import io.coveton.shared.webhooks.WebhookRepository;
import io.coveton.shared.webhooks.WebhookSender;
import io.coveton.shared.webhooks.WebhookTarget;
import io.coveton.shared.storage.S3ObjectStore;
import io.coveton.shared.accounts.AccountMail;
import io.coveton.shared.accounts.PasswordResetRepository;
import io.coveton.shared.accounts.SignInFlowPurgeJob;
import io.coveton.shared.accounts.SignInFlowRepository;
import io.coveton.shared.accounts.UserRepository;
import io.coveton.shared.mail.MailFolder;
import io.coveton.shared.mail.MailRepository;
import io.coveton.shared.mail.MailSendJob;
import io.coveton.shared.mail.MailTemplates;
import io.coveton.shared.mail.Mailer;
import io.coveton.shared.mail.SmtpMailer;
import io.coveton.shared.json.WireJson;
import io.coveton.shared.net.ConnectionsPerAddress;
import io.coveton.shared.passwords.PasswordHasher;
import io.coveton.shared.persistence.DatabaseDurability;
import io.coveton.shared.persistence.DatabaseLocation;
import io.coveton.shared.persistence.EmbeddedDatabase;
import io.coveton.shared.persistence.Migrations;
import io.coveton.shared.persistence.PgPools;
import io.coveton.shared.tokens.AccessTokens;
import io.coveton.shared.tokens.OpaqueTokens;
import io.coveton.shared.tokens.SigningKeyRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Coveton node: its database (embedded or configured), its Vert.x instance (clustered
 * through Hazelcast when enabled) and its verticles. Started and stopped as a unit.
 */
public final class CovetonNode {
  private static final Logger LOG = LoggerFactory.getLogger(CovetonNode.class);
  private final CovetonConfig config;
  /** What this node opened besides Vert.x (embedded database and storage, the S3 client), closed last, in reverse order. */
  private final List<AutoCloseable> owned;
  private final Vertx vertx;
  private final Pool pool;
  private final List<RestVerticle> restVerticles;
  private final RelayVerticle relay;
  private final AtomicBoolean draining;
  private final MetricsVerticle metricsPort;

  /**
   * How often payment events are applied and webhook deliveries sent: a second is soon enough for
   * both, and polling less keeps the database's background load down (an idle node asks twice a
   * second, not eight times).
   */
  private static final Duration BACKGROUND_DELIVERY_PERIOD = Duration.ofSeconds(1);

  private CovetonNode(CovetonConfig config, List<AutoCloseable> owned, Vertx vertx, Pool pool,
      List<RestVerticle> restVerticles, RelayVerticle relay, AtomicBoolean draining, MetricsVerticle metricsPort) {
    this.config = config;
    this.owned = owned;
    this.vertx = vertx;
    this.pool = pool;
    this.restVerticles = restVerticles;
    this.relay = relay;
    this.draining = draining;
    this.metricsPort = metricsPort;
  }

  /** Starts a node and waits until it serves; blocking, for the launcher and tests. */
  public static CovetonNode start(CovetonConfig config) throws Exception {
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      DatabaseLocation location;
      if (config.database().embedded()) {
        EmbeddedDatabase database = EmbeddedDatabase.start(config.dataDir(), config.database().embeddedPort());
        owned.add(database);
        location = database.location();
      } else {
        location = DatabaseLocation.parse(config.database().url());
      }
      int applied = Migrations.apply(location);
      LOG.info("database {} ready ({} migrations applied)", location, applied);
      S3ObjectStore.Connection storage = storage(config.storage(), config, owned);
      return boot(config, owned, location, storage);
    } catch (Exception | Error e) {
      closeAll(owned);
      throw e;
    }
  }

  /** The configured S3, or an S3-compatible server started here when there is none. */
  private static S3ObjectStore.Connection storage(CovetonConfig.StorageSettings settings, CovetonConfig config,
      List<AutoCloseable> owned) throws Exception {
    if (!settings.embedded()) {
      return new S3ObjectStore.Connection(settings.endpoint(), settings.publicEndpoint().isBlank()
          ? settings.endpoint() : settings.publicEndpoint(), settings.region(), settings.bucket(),
          settings.accessKeyId(), settings.secretAccessKey(), settings.pathStyle());
    }
    EmbeddedObjectStorage storage = EmbeddedObjectStorage.start(config.dataDir(), settings.embeddedHost(),
        settings.embeddedPort());
    owned.add(storage);
    return storage.connection(settings.publicEndpoint(), settings.region(), settings.bucket());
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("could not close {}: {}", resources.get(i), e.toString());
      }
    }
  }

  private static CovetonNode boot(CovetonConfig config, List<AutoCloseable> owned, DatabaseLocation location,
      S3ObjectStore.Connection storage) throws Exception {
    HazelcastClusterManager clusterManager = config.cluster().enabled()
        ? new HazelcastClusterManager(ClusterSetup.hazelcastConfig(config.cluster()))
        : null;
    CovetonMetrics metrics = new CovetonMetrics();
    Vertx vertx = createVertx(config, clusterManager, metrics);
    try {
      Pool pool = PgPools.create(vertx, location, config.database().poolSize());
      await(DatabaseDurability.check(pool));
      IdGenerator ids = new IdGenerator();
      SecretBox secrets = new SecretBox(
          KeyRing.configuredOrInDataFolder(config.tokens().keyEncryptionKeys(), config.dataDir()));
      IdempotencyRepository idempotencyRecords = new IdempotencyRepository(pool, secrets);
      AccessTokens accessTokens = await(new SigningKeyRepository(pool, ids, secrets).loadOrCreate()
          .map(key -> new AccessTokens(vertx, key, config.tokens())));
      ClusterServices cluster = ClusterServices.of(vertx, clusterManager, config.nodeId());
      ChatRepository chats = new ChatRepository(pool);
      DeliveryRouter router = new DeliveryRouter(cluster.presence(), vertx.eventBus());
      ParticipantCache participants = new ParticipantCache(chats, vertx.eventBus());
      SessionCache sessions = new SessionCache(new SessionRepository(pool), vertx.eventBus());
      ChatEvents events = new ChatEvents(router, chats, participants, vertx.eventBus());
      S3ObjectStore objectStore = new S3ObjectStore(storage,
          vertx.createSharedWorkerExecutor("coveton-object-store", 8));
      objectStore.ensureBucket();
      owned.add(objectStore);
      PlanCatalogue plans = PlanCatalogue.load(config.billing().plansFile());
      FileRepository fileRepository = new FileRepository(pool);
      FileReferences fileReferences = new FileReferences(fileRepository, objectStore);
      MessageSender sender = new MessageSender(participants, new SendBatcher(new MessageRepository(pool)), ids,
          events, metrics.sendToCommit(), fileReferences);
      metrics.gauge("coveton.cluster.members", "Members of the cluster this node sees", cluster.members()::getAsInt);
      AtomicBoolean draining = new AtomicBoolean();
      Idempotency idempotency = new Idempotency(idempotencyRecords, ids);
      MailRepository mails = new MailRepository(pool, secrets);
      List<OutboxConsumer> consumers = List.of(
          new NotificationConsumer(new NotificationRepository(pool), ids,
              new NotificationPush(router, new DeviceRepository(pool)), new UserRepository(pool)),
          new AccountMail(new UserRepository(pool), new PasswordResetRepository(pool), mails, new MailTemplates(),
              new OpaqueTokens(), ids, config.mail().publicAppUrl()),
          new WebhookFanout(new WebhookRepository(pool), ids));
      OutboxRepository outboxRepository = new OutboxRepository(pool);
      Outbox outbox = new Outbox(consumers, metrics);
      DeviceAuthentication authentication = new DeviceAuthentication(accessTokens, sessions,
          new SessionRepository(pool), new DeviceRepository(pool));

      RelayVerticle relay = new RelayVerticle(new RelayDependencies(config, cluster.routingId(), authentication,
          participants, new DeliveryRepository(pool),
          idempotency, sender, cluster.presence(), router, events, metrics, cluster.isLeader()));
      await(vertx.deployVerticle(relay));
      if (clusterManager != null) {
        clusterManager.nodeListener(new NodeListener() {
          @Override
          public void nodeAdded(String nodeId) {}

          @Override
          public void nodeLeft(String nodeId) {
            relay.nodeLeft(nodeId);
          }
        });
      }

      RestDependencies deps = new RestDependencies(config, pool, new WireJson(), ids, accessTokens, authentication,
          new OpaqueTokens(), new PasswordHasher(config.passwords()), cluster.counters(), events, sender, idempotency, outbox, mails,
          secrets, objectStore, fileReferences, plans, participants, sessions,
          metrics,
          config.geoIpCsv().isBlank() ? GeoIpTable.none() : GeoIpTable.load(java.nio.file.Path.of(config.geoIpCsv())),
          draining,
          new ConnectionsPerAddress(config.transport().maxConnectionsPerIp(), config.transport().trustedProxyBlocks()),
          cluster.members(),
          // read once for all REST verticles, before any event loop serves
          ApiDocs.load(config.oauth().publicApiUrl()));
      List<RestVerticle> rest = new CopyOnWriteArrayList<>();
      int instances = config.httpPort() == 0 ? 1 : Math.max(1, config.httpInstances());
      await(vertx.deployVerticle(() -> {
        RestVerticle verticle = new RestVerticle(deps);
        rest.add(verticle);
        return verticle;
      }, new DeploymentOptions().setInstances(instances)));
      await(vertx.deployVerticle(new JobScheduler(pool, jobs(config, pool, metrics, outboxRepository, consumers,
          idempotencyRecords, new MailSendJob(mails, mailer(vertx, config), config.database().outboxPoll()),
          new FileRetentionJob(fileRepository, objectStore, config.storage().sweepPeriod()),
          new BillingEventJob(pool, new PaymentEventRepository(pool), new ProviderEvents(plans), plans,
              new SubscriptionRepository(pool, ids), new InvoiceRepository(pool),
              new AuditTrail(new AuditLog(pool, ids), outbox), ids, BACKGROUND_DELIVERY_PERIOD),
          new WebhookDeliveryJob(pool, new WebhookRepository(pool), new WebhookSender(vertx,
              new WebhookTarget(config.webhooks().allowedTargetBlocks()), config.webhooks().timeout()), secrets,
              new AuditTrail(new AuditLog(pool, ids), outbox), config.webhooks().retryWindow(),
              BACKGROUND_DELIVERY_PERIOD)), metrics)));
      MetricsVerticle metricsPort = null;
      if (config.metrics().port() >= 0) {
        metricsPort = new MetricsVerticle(config.metrics(),
            new HealthRoutes(pool, draining, cluster.members(), metrics));
        await(vertx.deployVerticle(metricsPort));
      }
      CovetonNode node = new CovetonNode(config, owned, vertx, pool, rest, relay, draining, metricsPort);
      LOG.info("Coveton node {} serving HTTP on {}:{} and the relay on {}:{}{}", config.nodeId(), config.httpHost(),
          node.httpPort(), config.relay().host(), node.relayPort(),
          clusterManager == null ? "" : " in cluster '" + config.cluster().name() + "'");
      return node;
    } catch (Exception | Error e) {
      vertx.close();
      throw e;
    }
  }

  /** The configured SMTP server, or the data folder's {@code mail/} when there is none. */
  private static Mailer mailer(Vertx vertx, CovetonConfig config) {
    return config.mail().smtpConfigured() ? new SmtpMailer(vertx, config.mail())
        : new MailFolder(vertx, config.dataDir().resolve("mail"), config.mail().from());
  }

  /** The node's periodic work: sweeps, purges, maintenance, samples, and one dispatcher per outbox consumer. */
  private static List<PeriodicJob> jobs(CovetonConfig config, Pool pool, CovetonMetrics metrics,
      OutboxRepository outbox, List<OutboxConsumer> consumers, IdempotencyRepository idempotencyRecords,
      MailSendJob mail, FileRetentionJob files, BillingEventJob billing, WebhookDeliveryJob webhooks) {
    List<PeriodicJob> jobs = new ArrayList<>();
    jobs.add(mail);
    jobs.add(files);
    jobs.add(billing);
    jobs.add(webhooks);
    jobs.add(new ExpiredMessageSweepJob(new MessageRepository(pool), config.messaging().expirySweepPeriod()));
    jobs.add(new IdempotencyPurgeJob(idempotencyRecords));
    jobs.add(new BacklogSampleJob(new DeliveryRepository(pool), metrics));
    jobs.add(new EventLoopLagJob(metrics));
    jobs.add(new OutboxPurgeJob(outbox));
    jobs.add(new NotificationPurgeJob(new NotificationRepository(pool), config.messaging().readNotificationRetention()));
    jobs.add(new SignInFlowPurgeJob(new SignInFlowRepository(pool)));
    if (!config.database().vacuumPeriod().isZero()) {
      jobs.add(new TableMaintenance(pool, config.database().vacuumPeriod()));
    }
    for (OutboxConsumer consumer : consumers) {
      jobs.add(new OutboxDispatcher(outbox, consumer, config.database().outboxPoll(), metrics));
    }
    return jobs;
  }

  private static Vertx createVertx(CovetonConfig config, HazelcastClusterManager clusterManager,
      CovetonMetrics metrics) throws Exception {
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true)
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
                Label.POOL_NAME)))
        .setFileSystemOptions(new FileSystemOptions()
            .setFileCacheDir(config.dataDir().resolve("vertx-cache").toString()));
    if (clusterManager == null) {
      return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics.registry())).build();
    }
    options.setEventBusOptions(new EventBusOptions().setHost(config.cluster().host()).setPort(0));
    return await(Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics.registry()))
        .withClusterManager(clusterManager).buildClustered());
  }

  public int httpPort() {
    return restVerticles.isEmpty() ? -1 : restVerticles.get(0).actualPort();
  }

  public int relayPort() {
    return relay.actualPort();
  }

  /** The REST surface as routed: {@code METHOD /path/:param}, sorted. */
  public List<String> restRoutes() {
    return restVerticles.get(0).routeTable();
  }

  /** The metrics port, or -1 when metrics have no port of their own. */
  public int metricsPort() {
    return metricsPort == null ? -1 : metricsPort.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The node's own database pool, for checks that must see the database as the node does. */
  public Pool pool() {
    return pool;
  }

  /**
   * Graceful stop: readiness goes down, the HTTP servers stop accepting and finish in-flight
   * requests, then the pool, the cluster membership and what the node opened (embedded database and storage) close.
   */
  public void stop() {
    draining.set(true);
    LOG.info("Coveton node {} draining", config.nodeId());
    try {
      Future.join(List.copyOf(vertx.deploymentIDs()).stream().map(vertx::undeploy).toList())
          .eventually(pool::close)
          .eventually(vertx::close)
          .toCompletionStage().toCompletableFuture()
          .get(config.shutdownGrace().toSeconds() + 20, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("node did not stop cleanly: {}", e.toString());
    } finally {
      closeAll(owned);
    }
    LOG.info("Coveton node {} stopped", config.nodeId());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
