package io.coveton.shared.webhooks;

import io.coveton.shared.audit.Actor;
import io.coveton.shared.audit.AuditTrail;
import io.coveton.shared.crypto.SecretBox;
import io.coveton.shared.jobs.Backoff;
import io.coveton.shared.jobs.PeriodicJob;
import io.coveton.shared.webhooks.WebhookRepository.Claimed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries (any node; claims with SKIP LOCKED under a lease), signed with the
 * endpoint's secret (and the previous one while it is honoured), {@code X-Coveton-Event-Id} the
 * same on every retry. Every attempt is recorded. A timeout, connection error or non-2xx answer is
 * retried with exponential backoff and jitter for the retry window, then abandoned; an endpoint that
 * has failed for the whole window in a row is disabled, with an audit entry and a
 * {@code webhook_endpoint.disabled} event.
 */
public final class WebhookDeliveryJob implements PeriodicJob {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryJob.class);
  static final String SECRET_CONTEXT = "webhook-secret";
  private static final int BATCH = 20;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofHours(1));
  private final Pool pool;
  private final WebhookRepository webhooks;
  private final WebhookSender sender;
  private final SecretBox secrets;
  private final AuditTrail trail;
  private final Duration retryWindow;
  private final Duration period;

  public WebhookDeliveryJob(Pool pool, WebhookRepository webhooks, WebhookSender sender, SecretBox secrets,
      AuditTrail trail, Duration retryWindow, Duration period) {
    this.pool = pool;
    this.webhooks = webhooks;
    this.sender = sender;
    this.secrets = secrets;
    this.trail = trail;
    this.retryWindow = retryWindow;
    this.period = period;
  }

  @Override
  public String name() {
    return "webhook-delivery";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public boolean clusterExclusive() {
    return false;
  }

  @Override
  public Future<Void> run() {
    return webhooks.claimDue(BATCH, LEASE).compose(claimed -> {
      List<Future<Void>> sends = new ArrayList<>();
      for (Claimed delivery : claimed) {
        sends.add(deliver(delivery).recover(error -> {
          LOG.warn("webhook delivery {} failed to run: {}", delivery.id(), error.toString());
          return Future.succeededFuture();
        }));
      }
      return Future.join(sends).mapEmpty();
    });
  }

  private Future<Void> deliver(Claimed delivery) {
    return webhooks.find(delivery.endpointId()).compose(endpoint -> {
      if (endpoint == null || !endpoint.status().equals("active")) {
        return Future.succeededFuture();
      }
      List<String> signing = new ArrayList<>();
      signing.add(secrets.openText(endpoint.secretSealed(), SECRET_CONTEXT));
      if (endpoint.previousSecretSealed() != null && endpoint.previousSecretExpiresAt() != null
          && endpoint.previousSecretExpiresAt().isAfter(Instant.now())) {
        signing.add(secrets.openText(endpoint.previousSecretSealed(), SECRET_CONTEXT));
      }
      Map<String, String> headers = Map.of("Content-Type", "application/json",
          "X-Coveton-Event-Id", delivery.eventId(), "X-Coveton-Event-Type", delivery.type(),
          "X-Coveton-Signature", WebhookSigner.header(Instant.now().getEpochSecond(), delivery.body(), signing));
      return sender.post(endpoint.url(), headers, delivery.body()).compose(result -> webhooks.recordAttempt(delivery,
              result.millis(), result.status(), result.body(), result.error())
          .compose(v -> result.succeeded() ? webhooks.succeeded(delivery) : failed(delivery, endpoint)));
    });
  }

  private Future<Void> failed(Claimed delivery, WebhookEndpoint endpoint) {
    return webhooks.retryLater(delivery, BACKOFF.after(delivery.attempts()), retryWindow)
        .compose(abandoned -> webhooks.failing(endpoint.id(), retryWindow))
        .compose(disabled -> !disabled ? Future.succeededFuture() : pool.withTransaction(tx -> trail.record(tx,
            new Actor(null, null, "webhook delivery"), endpoint.organizationId(), "webhook_endpoint.disabled",
            "webhook_endpoint", endpoint.id(), new JsonObject().put("url", endpoint.url())
                .put("reason", "failing for " + retryWindow.toHours() + " hours"))));
  }
}
