package io.coveton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The REST calls the harness provisions with and loads: plain HTTP, spread over the given base URLs. */
final class Api {
  static final String PASSWORD = "bench-passphrase-1";
  private final HttpClient http;
  private final List<String> baseUrls;
  private final AtomicInteger next = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();

  Api(Vertx vertx, List<String> baseUrls) {
    this.baseUrls = baseUrls;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
        new PoolOptions().setHttp1MaxSize(64));
  }

  /** A signed-in account: its id and access token. */
  record Account(String userId, String token) {}

  Future<JsonObject> call(HttpMethod method, String path, String token, JsonObject body) {
    String base = baseUrls.get(Math.floorMod(next.getAndIncrement(), baseUrls.size()));
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(base + path).setTimeout(30_000);
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.addHeader("Content-Type", "application/json");
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body.encode())))
        .compose(response -> response.body().compose(bytes -> {
          if (response.statusCode() >= 300) {
            String code = bytes.length() > 0 ? errorCode(bytes) : "";
            return Future.failedFuture(new IllegalStateException("HTTP " + response.statusCode() + " " + code));
          }
          return Future.succeededFuture(bytes.length() == 0 ? new JsonObject() : bytes.toString().startsWith("[")
              ? new JsonObject().put("items", new JsonArray(bytes)) : new JsonObject(bytes));
        }));
  }

  /** A request to an absolute URL (a presigned one); its status and body, whatever the status. */
  Future<Raw> raw(HttpMethod method, String url, Map<String, String> headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setTimeout(30_000);
    headers.forEach(options::addHeader);
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(bytes -> new Raw(response.statusCode(), bytes)));
  }

  record Raw(int status, Buffer body) {}

  Future<Account> register(String prefix) {
    String email = prefix + "-" + UUID.randomUUID() + "@bench.invalid";
    return call(HttpMethod.POST, "/v1/auth/register", null, new JsonObject().put("email", email)
        .put("password", PASSWORD).put("displayName", prefix))
        .map(body -> new Account(body.getJsonObject("user").getString("id"), body.getString("accessToken")));
  }

  Future<String> device(Account account) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return call(HttpMethod.POST, "/v1/devices", account.token(), new JsonObject().put("name", "bench")
        .put("platform", "server").put("publicKey", Base64.getEncoder().encodeToString(key)))
        .map(body -> body.getString("id"));
  }

  Future<String> direct(Account caller, String otherUserId) {
    return call(HttpMethod.POST, "/v1/chats", caller.token(), new JsonObject().put("type", "direct")
        .put("participantIds", new JsonArray().add(otherUserId))).map(body -> body.getString("id"));
  }

  Future<String> group(Account caller, List<String> userIds) {
    return call(HttpMethod.POST, "/v1/chats", caller.token(), new JsonObject().put("type", "group")
        .put("name", "bench group").put("participantIds", new JsonArray(userIds))).map(body -> body.getString("id"));
  }

  void close() {
    http.close();
  }

  private static String errorCode(Buffer bytes) {
    try {
      return new JsonObject(bytes).getJsonObject("error").getString("code");
    } catch (RuntimeException e) {
      return "";
    }
  }
}
