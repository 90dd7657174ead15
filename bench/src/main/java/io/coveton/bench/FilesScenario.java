package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code files}: whole file round trips at the target rate (or as fast as {@code --concurrency}
 * allows), each: presign, PUT of {@code --payload-bytes} random bytes to the presigned URL, a
 * message that references the file (its first reference confirms the upload), the recipient's
 * download URL, and the GET of the bytes (checked for length). Latency is the round trip; each step
 * is also reported apart.
 */
final class FilesScenario implements Scenario {
  private final Vertx vertx;

  FilesScenario(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> run(Fleet fleet, BenchOptions options, Stats stats) {
    return fleet.accounts(2, "files").compose(accounts -> fleet.oneDeviceEach(accounts).compose(devices ->
        fleet.api().direct(accounts.get(0), accounts.get(1).userId()).compose(chat ->
            load(fleet.api(), accounts.get(0), accounts.get(1), chat, devices, options, stats))));
  }

  private Future<Void> load(Api api, Api.Account sender, Api.Account recipient, String chat,
      List<Fleet.Device> devices, BenchOptions options, Stats stats) {
    JsonArray envelopes = new JsonArray();
    devices.forEach(d -> envelopes.add(new JsonObject().put("deviceId", d.deviceId()).put("header", "sealed")));
    byte[] bytes = new byte[options.payloadBytes()];
    new Random(7).nextBytes(bytes);
    Buffer content = Buffer.buffer(bytes);
    AtomicInteger inFlight = new AtomicInteger();
    RateLoop.Action roundTrip = () -> {
      if (inFlight.get() >= options.restConcurrency()) {
        return false;
      }
      inFlight.incrementAndGet();
      long began = System.nanoTime();
      long[] mark = {began};
      api.call(HttpMethod.POST, "/v1/files/presign", sender.token(), new JsonObject().put("filename", "bench.bin")
              .put("contentType", "application/octet-stream").put("size", bytes.length).put("chatId", chat))
          .compose(presigned -> {
            step(stats, "presign", mark);
            Map<String, String> headers = new HashMap<>();
            presigned.getJsonObject("headers").forEach(h -> {
              if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                headers.put(h.getKey(), h.getValue().toString());
              }
            });
            return api.raw(HttpMethod.PUT, presigned.getString("uploadUrl"), headers, content)
                .compose(put -> put.status() == 200 ? Future.succeededFuture(presigned.getString("fileId"))
                    : Future.failedFuture(new IllegalStateException("upload answered " + put.status())));
          })
          .compose(fileId -> {
            step(stats, "upload", mark);
            return api.call(HttpMethod.POST, "/v1/messages", sender.token(), new JsonObject().put("chatId", chat)
                    .put("contentType", "application/octet-stream").put("ciphertext", "ZmlsZQ==")
                    .put("envelopes", envelopes).put("fileIds", new JsonArray().add(fileId)))
                .map(fileId);
          })
          .compose(fileId -> {
            step(stats, "reference", mark);
            return api.call(HttpMethod.GET, "/v1/files/" + fileId + "/download", recipient.token(), null);
          })
          .compose(link -> {
            step(stats, "download-url", mark);
            return api.raw(HttpMethod.GET, link.getString("url"), Map.of(), null);
          })
          .onComplete(result -> {
            inFlight.decrementAndGet();
            if (result.succeeded() && result.result().status() == 200
                && result.result().body().length() == bytes.length) {
              step(stats, "download", mark);
              stats.requests.incrementAndGet();
              stats.latencyMicros((System.nanoTime() - began) / 1000);
            } else {
              stats.error("file round trip: " + (result.failed() ? result.cause().getMessage()
                  : "download answered " + result.result().status() + " with " + result.result().body().length()
                      + " bytes"));
            }
          });
      return true;
    };
    return RateLoop.warmThenMeasure(vertx, options, stats, roundTrip, inFlight);
  }

  private static void step(Stats stats, String name, long[] mark) {
    long now = System.nanoTime();
    stats.stepMicros(name, (now - mark[0]) / 1000);
    mark[0] = now;
  }
}
