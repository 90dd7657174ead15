package io.coveton.rest;

import io.coveton.rest.docs.ApiDocs;
import io.coveton.shared.accounts.SessionCache;
import io.coveton.shared.auth.DeviceAuthentication;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.cluster.RateCounters;
import io.coveton.shared.geo.GeoIpTable;
import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.messages.MessageSender;
import io.coveton.shared.metrics.CovetonMetrics;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.billing.PlanCatalogue;
import io.coveton.shared.crypto.SecretBox;
import io.coveton.shared.files.FileReferences;
import io.coveton.shared.storage.ObjectStore;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.idempotency.Idempotency;
import io.coveton.shared.json.WireJson;
import io.coveton.shared.mail.MailRepository;
import io.coveton.shared.net.ConnectionsPerAddress;
import io.coveton.shared.outbox.Outbox;
import io.coveton.shared.passwords.PasswordHasher;
import io.coveton.shared.tokens.AccessTokens;
import io.coveton.shared.tokens.OpaqueTokens;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/** The node-wide objects the REST verticles are built from; created once by the launcher. */
public record RestDependencies(
    CovetonConfig config,
    Pool pool,
    WireJson json,
    IdGenerator ids,
    AccessTokens accessTokens,
    DeviceAuthentication authentication,
    OpaqueTokens opaqueTokens,
    PasswordHasher passwordHasher,
    RateCounters rateCounters,
    ChatEvents chatEvents,
    MessageSender sender,
    Idempotency idempotency,
    Outbox outbox,
    MailRepository mails,
    SecretBox secrets,
    ObjectStore objectStore,
    FileReferences fileReferences,
    PlanCatalogue plans,
    ParticipantCache participants,
    SessionCache sessionCache,
    CovetonMetrics metrics,
    GeoIpTable geoIp,
    AtomicBoolean draining,
    ConnectionsPerAddress connections,
    IntSupplier clusterMembers,
    ApiDocs apiDocs) {
}
