package io.coveton.shared.billing;

import io.coveton.shared.billing.BillingChange.InvoiceChange;
import io.coveton.shared.billing.BillingChange.Ref;
import io.coveton.shared.billing.BillingChange.SubscriptionChange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reads the provider events Coveton handles into {@link BillingChange}s; any other type is none
 * (acknowledged and ignored). The event id each provider's deliveries are deduplicated by comes
 * from {@link #eventId}.
 */
public final class ProviderEvents {
  private final PlanCatalogue plans;

  public ProviderEvents(PlanCatalogue plans) {
    this.plans = plans;
  }

  /**
   * The id a redelivery repeats: Stripe's event id; Paystack and Flutterwave events carry none, so
   * the event type with the id of the object it is about.
   */
  public static String eventId(String provider, JsonObject event) {
    JsonObject data = event.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    return switch (provider) {
      case "stripe" -> event.getString("id");
      // an invoice is reported again as it changes (failed, then paid): its status is part of the id
      case "paystack" -> type(provider, event) + ":" + first(data, "id", "subscription_code", "invoice_code", "reference")
          + (data.getValue("invoice_code") != null && data.getValue("id") == null
              ? ":" + data.getValue("status") + ":" + data.getValue("paid") : "");
      default -> type(provider, event) + ":" + first(data, "id", "tx_ref");
    };
  }

  public static String type(String provider, JsonObject event) {
    Object type = provider.equals("stripe") ? event.getValue("type") : event.getValue("event");
    return type instanceof String text ? text : null;
  }

  public List<BillingChange> read(String provider, JsonObject event) {
    return switch (provider) {
      case "stripe" -> stripe(event);
      case "paystack" -> paystack(event);
      default -> flutterwave(event);
    };
  }

  private List<BillingChange> stripe(JsonObject event) {
    JsonObject object = event.getJsonObject("data", new JsonObject()).getJsonObject("object", new JsonObject());
    Instant at = Instant.ofEpochSecond(event.getLong("created", 0L));
    JsonObject metadata = object.getJsonObject("metadata", new JsonObject());
    return switch (event.getString("type", "")) {
      case "checkout.session.completed" -> List.of(new SubscriptionChange(
          new Ref(object.getString("client_reference_id"), metadata.getString("checkout_id"),
              object.getString("subscription"), object.getString("customer")),
          plans.find(metadata.getString("plan", "")).map(PlanCatalogue.Plan::id).orElse(null), "active", null, null, at));
      case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" -> {
        JsonArray items = object.getJsonObject("items", new JsonObject()).getJsonArray("data", new JsonArray());
        JsonObject item = items.isEmpty() ? new JsonObject() : items.getJsonObject(0);
        String priceId = item.getJsonObject("price", new JsonObject()).getString("id");
        Long periodEnd = object.getLong("current_period_end", item.getLong("current_period_end"));
        String status = event.getString("type").endsWith("deleted") ? "canceled" : stripeStatus(object.getString("status"));
        yield List.of(new SubscriptionChange(
            new Ref(metadata.getString("organization_id"), null, object.getString("id"), object.getString("customer")),
            priceId == null ? null : plans.byProviderPlanId("stripe", priceId).map(PlanCatalogue.Plan::id).orElse(null),
            status, periodEnd == null ? null : Instant.ofEpochSecond(periodEnd),
            object.getBoolean("cancel_at_period_end"), at));
      }
      case "invoice.paid", "invoice.payment_failed" -> {
        boolean paid = event.getString("type").equals("invoice.paid");
        JsonObject transitions = object.getJsonObject("status_transitions", new JsonObject());
        Long paidAt = transitions.getLong("paid_at");
        String subscription = object.getValue("subscription") instanceof String s ? s : null;
        String organization = object.getJsonObject("subscription_details", new JsonObject())
            .getJsonObject("metadata", new JsonObject()).getString("organization_id");
        Ref ref = new Ref(organization, null, subscription, object.getString("customer"));
        InvoiceChange invoice = new InvoiceChange(ref, object.getString("id"),
            object.getLong(paid ? "amount_paid" : "amount_due", 0L), object.getString("currency", "usd"),
            paid ? "paid" : "payment_failed", epoch(object.getLong("period_start")), epoch(object.getLong("period_end")),
            object.getString("hosted_invoice_url"), paid ? epoch(paidAt == null ? event.getLong("created") : paidAt) : null,
            at);
        yield List.of(invoice);
      }
      default -> List.of();
    };
  }

  private List<BillingChange> paystack(JsonObject event) {
    JsonObject data = event.getJsonObject("data", new JsonObject());
    JsonObject customer = data.getValue("customer") instanceof JsonObject c ? c : new JsonObject();
    String customerCode = customer.getString("customer_code");
    JsonObject metadata = data.getValue("metadata") instanceof JsonObject m ? m : new JsonObject();
    String planCode = data.getValue("plan") instanceof JsonObject p ? p.getString("plan_code")
        : data.getValue("plan") instanceof String code ? code : null;
    String plan = planCode == null ? null : plans.byProviderPlanId("paystack", planCode).map(PlanCatalogue.Plan::id)
        .orElse(null);
    return switch (event.getString("event", "")) {
      case "charge.success" -> {
        Instant at = time(data.getString("paid_at", data.getString("paidAt")));
        Ref ref = new Ref(metadata.getString("organization_id"), data.getString("reference"), null, customerCode);
        String claimed = plan != null ? plan
            : plans.find(metadata.getString("plan", "")).map(PlanCatalogue.Plan::id).orElse(null);
        yield List.of(new SubscriptionChange(ref, claimed, "active", null, null, at,
                new BillingChange.Payment(data.getLong("amount", 0L), data.getString("currency", ""))),
            new InvoiceChange(ref, "charge:" + data.getValue("id"), data.getLong("amount", 0L),
                data.getString("currency", "NGN"), "paid", null, null, null, at, at));
      }
      case "subscription.create" -> List.of(new SubscriptionChange(
          new Ref(null, null, data.getString("subscription_code"), customerCode), plan,
          "active".equals(data.getString("status")) ? "active" : "incomplete", time(data.getString("next_payment_date")),
          null, time(data.getString("createdAt", data.getString("created_at")))));
      case "subscription.disable" -> List.of(new SubscriptionChange(
          new Ref(null, null, data.getString("subscription_code"), customerCode), null, "canceled", null, null,
          time(data.getString("updatedAt", data.getString("updated_at", data.getString("createdAt"))))));
      case "invoice.update", "invoice.payment_failed" -> {
        boolean paid = event.getString("event").equals("invoice.update") && Boolean.TRUE.equals(data.getValue("paid"))
            || "success".equals(data.getString("status"));
        JsonObject subscription = data.getValue("subscription") instanceof JsonObject s ? s : new JsonObject();
        Ref ref = new Ref(null, null, subscription.getString("subscription_code"), customerCode);
        Instant at = time(data.getString("updatedAt", data.getString("createdAt", data.getString("created_at"))));
        InvoiceChange invoice = new InvoiceChange(ref, data.getString("invoice_code"), data.getLong("amount", 0L),
            data.getString("currency", "NGN"), paid ? "paid" : "payment_failed", time(data.getString("period_start")),
            time(data.getString("period_end")), null, paid ? time(data.getString("paid_at")) : null, at);
        yield paid ? List.of(invoice) : List.of(invoice, new SubscriptionChange(ref, null, "past_due", null, null, at));
      }
      default -> List.of();
    };
  }

  private List<BillingChange> flutterwave(JsonObject event) {
    JsonObject data = event.getJsonObject("data", new JsonObject());
    JsonObject customer = data.getValue("customer") instanceof JsonObject c ? c : new JsonObject();
    String customerId = customer.getValue("id") == null ? null : String.valueOf(customer.getValue("id"));
    return switch (event.getString("event", "")) {
      case "charge.completed" -> {
        boolean paid = "successful".equals(data.getString("status"));
        Instant at = time(data.getString("created_at"));
        Ref ref = new Ref(null, data.getString("tx_ref"), null, customerId);
        long minor = new BigDecimal(String.valueOf(data.getValue("amount", 0))).movePointRight(2).longValue();
        InvoiceChange invoice = new InvoiceChange(ref, "charge:" + data.getValue("id"), minor,
            data.getString("currency", "NGN"), paid ? "paid" : "payment_failed", null, null, null, paid ? at : null, at);
        yield paid ? List.of(new SubscriptionChange(ref, null, "active", null, null, at,
            new BillingChange.Payment(minor, data.getString("currency", ""))), invoice) : List.of(invoice);
      }
      case "subscription.cancelled" -> List.of(new SubscriptionChange(new Ref(null, null, null, customerId), null,
          "canceled", null, null, time(data.getString("updated_at", data.getString("created_at")))));
      default -> List.of();
    };
  }

  private static String stripeStatus(String status) {
    return switch (status == null ? "" : status) {
      case "active", "trialing", "past_due", "canceled", "incomplete" -> status;
      case "unpaid" -> "past_due";
      case "incomplete_expired" -> "canceled";
      default -> "incomplete";
    };
  }

  private static Instant epoch(Long seconds) {
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }

  private static Instant time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String first(JsonObject data, String... fields) {
    for (String field : fields) {
      if (data.getValue(field) != null) {
        return String.valueOf(data.getValue(field));
      }
    }
    return null;
  }
}
