package io.coveton.shared.billing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plans an organization can subscribe to: from the JSON file named by {@code COVETON_PLANS_FILE},
 * or the built-in {@code billing/plans.json}. The plan {@code free} must exist: it is every
 * organization's plan until a provider says otherwise. Read once at start; a malformed file stops
 * the node with the reason.
 */
public final class PlanCatalogue {
  public static final String FREE = "free";
  static final Set<String> PROVIDERS = Set.of("stripe", "paystack", "flutterwave");
  private static final Pattern ID = Pattern.compile("[a-z0-9_]{1,64}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");
  private final Map<String, Plan> plans;

  /** A plan: its seats (members at most) and storage quota, and its price at each provider that sells it. */
  public record Plan(String id, String name, String interval, int seats, long storageQuotaBytes,
      Map<String, Price> prices) {}

  /** A price in minor units, and the provider's own id of the plan or price. */
  public record Price(long amount, String currency, String providerPlanId) {}

  private PlanCatalogue(Map<String, Plan> plans) {
    this.plans = plans;
  }

  public static PlanCatalogue load(String file) {
    if (file == null || file.isBlank()) {
      try (InputStream in = PlanCatalogue.class.getResourceAsStream("/billing/plans.json")) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in billing/plans.json");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return parse(Files.readString(Path.of(file)), file);
    } catch (IOException e) {
      throw new IllegalArgumentException("COVETON_PLANS_FILE " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  public static PlanCatalogue parse(String json, String source) {
    Map<String, Plan> plans = new LinkedHashMap<>();
    try {
      for (Object entry : new JsonObject(json).getJsonArray("plans")) {
        JsonObject plan = (JsonObject) entry;
        String id = plan.getString("id");
        if (id == null || !ID.matcher(id).matches()) {
          throw new IllegalArgumentException("a plan id must be 1 to 64 of a-z, 0-9 and _, got " + id);
        }
        String interval = plan.getString("interval");
        if (!List.of("none", "month", "year").contains(interval)) {
          throw new IllegalArgumentException("plan " + id + ": interval must be none, month or year");
        }
        int seats = plan.getInteger("seats");
        long quota = plan.getLong("storageQuotaBytes");
        if (seats < 1 || quota < 0) {
          throw new IllegalArgumentException("plan " + id + ": seats must be at least 1 and the quota not negative");
        }
        Map<String, Price> prices = new LinkedHashMap<>();
        JsonObject priced = plan.getJsonObject("prices", new JsonObject());
        for (String provider : priced.fieldNames()) {
          if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("plan " + id + ": unknown provider " + provider);
          }
          JsonObject price = priced.getJsonObject(provider);
          String currency = price.getString("currency");
          if (price.getLong("amount") < 1 || currency == null || !CURRENCY.matcher(currency).matches()
              || price.getString("providerPlanId", "").isBlank()) {
            throw new IllegalArgumentException("plan " + id + " at " + provider
                + ": amount (minor units, at least 1), a three-letter currency and providerPlanId are required");
          }
          prices.put(provider, new Price(price.getLong("amount"), currency, price.getString("providerPlanId")));
        }
        if (plans.put(id, new Plan(id, plan.getString("name", id), interval, seats, quota, Map.copyOf(prices)))
            != null) {
          throw new IllegalArgumentException("plan " + id + " appears twice");
        }
      }
    } catch (ClassCastException | NullPointerException | io.vertx.core.json.DecodeException e) {
      throw new IllegalArgumentException(source + ": not a plan catalogue ({\"plans\": [...]}): " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    if (!plans.containsKey(FREE) || !plans.get(FREE).prices().isEmpty()) {
      throw new IllegalArgumentException(source + ": a plan \"free\" without prices is required");
    }
    return new PlanCatalogue(Map.copyOf(plans));
  }

  public Optional<Plan> find(String id) {
    return Optional.ofNullable(plans.get(id));
  }

  /** The plan of a subscription; a plan since removed from the catalogue counts as free. */
  public Plan of(String id) {
    return plans.getOrDefault(id, plans.get(FREE));
  }

  /**
   * What a subscription entitles its organization to now: its plan while active, trialing or past
   * due, the free plan otherwise (canceled, incomplete).
   */
  public Plan effective(Subscription subscription) {
    return subscription.entitled() ? of(subscription.plan()) : of(FREE);
  }

  /** The plan whose price at {@code provider} has this provider id, if any. */
  public Optional<Plan> byProviderPlanId(String provider, String providerPlanId) {
    return plans.values().stream().filter(plan -> plan.prices().containsKey(provider)
        && plan.prices().get(provider).providerPlanId().equals(providerPlanId)).findFirst();
  }
}
