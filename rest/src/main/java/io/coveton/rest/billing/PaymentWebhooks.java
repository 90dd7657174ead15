package io.coveton.rest.billing;

import io.coveton.shared.billing.PaymentEventRepository;
import io.coveton.shared.billing.ProviderEvents;
import io.coveton.shared.billing.WebhookSignatures;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.metrics.CovetonMetrics;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Inbound payment webhooks: the signature is checked over the raw bytes before anything is parsed;
 * a bad, missing or stale one is 400 and changes nothing (and is counted). A verified event is
 * recorded once by its id and acknowledged at once; the billing-events job applies it.
 */
final class PaymentWebhooks {
  private final CovetonConfig.BillingSettings settings;
  private final PaymentEventRepository events;
  private final CovetonMetrics metrics;
  private final Clock clock;

  PaymentWebhooks(CovetonConfig.BillingSettings settings, PaymentEventRepository events, CovetonMetrics metrics,
      Clock clock) {
    this.settings = settings;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** True when recorded now, false for a redelivery. */
  Future<Boolean> receive(String provider, MultiMap headers, byte[] body) {
    CovetonConfig.PaymentProvider config = switch (provider) {
      case "stripe" -> settings.stripe();
      case "paystack" -> settings.paystack();
      default -> settings.flutterwave();
    };
    if (config.webhookSecret() == null || config.webhookSecret().isBlank()) {
      throw ApiException.notFound("Webhooks from " + provider + " are not configured on this server.");
    }
    String problem = switch (provider) {
      case "stripe" -> WebhookSignatures.stripe(headers.get("Stripe-Signature"), body, config.webhookSecret(),
          clock.instant());
      case "paystack" -> WebhookSignatures.paystack(headers.get("x-paystack-signature"), body, config.webhookSecret());
      default -> WebhookSignatures.flutterwave(headers.get("verif-hash"), headers.get("flutterwave-signature"), body,
          config.webhookSecret(), config.signatureRequired());
    };
    if (problem != null) {
      metrics.paymentWebhookRejected(provider, problem);
      throw ApiException.badRequest(switch (problem) {
        case "missing" -> "The webhook carries no signature.";
        case "stale" -> "The webhook's timestamp is outside the 300-second tolerance.";
        case "malformed" -> "The webhook's signature header is malformed.";
        default -> "The webhook's signature does not match.";
      });
    }
    JsonObject event;
    try {
      event = new JsonObject(new String(body, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      metrics.paymentWebhookRejected(provider, "malformed");
      throw ApiException.badRequest("The webhook's body is not a JSON object.");
    }
    String type = ProviderEvents.type(provider, event);
    String id = ProviderEvents.eventId(provider, event);
    if (type == null || id == null || id.endsWith(":null")) {
      metrics.paymentWebhookRejected(provider, "malformed");
      throw ApiException.badRequest("The webhook names no event type or id.");
    }
    return events.record(provider, id, type, event);
  }
}
