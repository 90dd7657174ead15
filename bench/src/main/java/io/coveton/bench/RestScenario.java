package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code rest}: authenticated requests at the target rate (or as fast as {@code --concurrency}
 * allows): {@code GET /v1/auth/me}, {@code POST /v1/messages}, or both alternating. Latency is the
 * request's round trip.
 */
final class RestScenario implements Scenario {
  private final Vertx vertx;

  RestScenario(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> run(Fleet fleet, BenchOptions options, Stats stats) {
    return fleet.accounts(2, "rest").compose(accounts -> fleet.oneDeviceEach(accounts).compose(devices ->
        fleet.api().direct(accounts.get(0), accounts.get(1).userId()).compose(chat ->
            load(fleet.api(), accounts.get(0), chat, devices, options, stats))));
  }

  private Future<Void> load(Api api, Api.Account caller, String chat, java.util.List<Fleet.Device> devices,
      BenchOptions options, Stats stats) {
    JsonArray envelopes = new JsonArray();
    devices.forEach(d -> envelopes.add(new JsonObject().put("deviceId", d.deviceId()).put("header", "sealed")));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger turn = new AtomicInteger();
    RateLoop.Action request = () -> {
      if (inFlight.get() >= options.restConcurrency()) {
        return false;
      }
      boolean send = switch (options.restMix()) {
        case "me" -> false;
        case "send" -> true;
        default -> turn.getAndIncrement() % 2 == 1;
      };
      inFlight.incrementAndGet();
      long began = System.nanoTime();
      Future<JsonObject> call = send
          ? api.call(HttpMethod.POST, "/v1/messages", caller.token(), new JsonObject().put("chatId", chat)
              .put("contentType", "application/octet-stream")
              .put("ciphertext", Base64.getEncoder().encodeToString(Long.toString(began).getBytes()))
              .put("envelopes", envelopes))
          : api.call(HttpMethod.GET, "/v1/auth/me", caller.token(), null);
      call.onComplete(result -> {
        inFlight.decrementAndGet();
        if (result.succeeded()) {
          stats.requests.incrementAndGet();
          stats.latencyMicros((System.nanoTime() - began) / 1000);
        } else {
          stats.error((send ? "POST /v1/messages: " : "GET /v1/auth/me: ") + result.cause().getMessage());
        }
      });
      return true;
    };
    return RateLoop.warmThenMeasure(vertx, options, stats, request, inFlight);
  }
}
