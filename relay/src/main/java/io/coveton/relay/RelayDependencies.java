package io.coveton.relay;

import io.coveton.shared.chats.ParticipantCache;
import io.coveton.shared.cluster.ChatEvents;
import io.coveton.shared.cluster.DeliveryRouter;
import io.coveton.shared.cluster.Presence;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.auth.DeviceAuthentication;
import io.coveton.shared.idempotency.Idempotency;
import io.coveton.shared.messages.MessageSender;
import io.coveton.shared.metrics.CovetonMetrics;
import java.util.function.BooleanSupplier;

/**
 * What the relay is built from, created once per node by the launcher. {@code routingId} is the
 * node's address on the cluster event bus; {@code isClusterLeader} picks the one node that speaks
 * for a departed member.
 */
public record RelayDependencies(
    CovetonConfig config,
    String routingId,
    DeviceAuthentication authentication,
    ParticipantCache participants,
    DeliveryRepository deliveries,
    Idempotency idempotency,
    MessageSender sender,
    Presence presence,
    DeliveryRouter router,
    ChatEvents events,
    CovetonMetrics metrics,
    BooleanSupplier isClusterLeader) {}
