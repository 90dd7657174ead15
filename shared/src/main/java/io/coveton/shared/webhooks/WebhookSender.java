package io.coveton.shared.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one delivery: the host is resolved now and every address checked ({@link WebhookTarget}),
 * then the connection goes to a checked address (so a DNS answer that changes between check and
 * connect cannot redirect it), redirects are not followed, the answer is read up to 1 KiB, and
 * connect and response each have the timeout.
 */
public final class WebhookSender {
  static final int BODY_LIMIT = 1024;
  private final Vertx vertx;
  private final HttpClient client;
  private final WebhookTarget target;
  private final Duration timeout;

  /** What happened: a status (with the start of the body), or an error; and how long it took. */
  public record Result(Integer status, String body, String error, long millis) {
    public boolean succeeded() {
      return status != null && status / 100 == 2;
    }
  }

  public WebhookSender(Vertx vertx, WebhookTarget target, Duration timeout) {
    this.vertx = vertx;
    this.target = target;
    this.timeout = timeout;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis())
        .setKeepAlive(false).setVerifyHost(true).setForceSni(true));
  }

  public Future<Result> post(String url, Map<String, String> headers, String body) {
    long started = System.nanoTime();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new Result(null, null, "not a URL", 0));
    }
    String host = uri.getHost();
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return vertx.executeBlocking(() -> InetAddress.getAllByName(host), false).transform(resolved -> {
      if (resolved.failed()) {
        return Future.succeededFuture(new Result(null, null, "cannot resolve " + host, millis(started)));
      }
      for (InetAddress address : resolved.result()) {
        String refusal = target.refusal(address);
        if (refusal != null) {
          // the category only: the log of deliveries must not map out internal addresses
          return Future.succeededFuture(new Result(null, null, "refused: " + host + " resolves to " + refusal,
              millis(started)));
        }
      }
      InetAddress address = resolved.result()[0];
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
          .setSsl(tls).setURI(path).setFollowRedirects(false).setTimeout(timeout.toMillis())
          .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
      headers.forEach(options::putHeader);
      options.putHeader("User-Agent", "Coveton-Webhooks/1");
      Promise<Void> overall = Promise.promise();
      // the per-request timeout restarts with every byte; this bounds the whole exchange
      long timer = vertx.setTimer(timeout.toMillis() * 2, id -> overall.tryFail("the receiver took longer than "
          + timeout.toSeconds() * 2 + " s in all"));
      return client.request(options)
          .compose(request -> {
            overall.future().onFailure(error -> request.reset(0, error));
            return request.send(Buffer.buffer(body, "UTF-8"));
          })
          .compose(WebhookSender::readLimited)
          .onComplete(done -> {
            vertx.cancelTimer(timer);
            overall.tryComplete();
          })
          .map(answer -> new Result(answer.status(), answer.body(), null, millis(started)))
          .recover(error -> Future.succeededFuture(new Result(null, null, String.valueOf(error.getMessage()),
              millis(started))));
    });
  }

  private record Answer(int status, String body) {}

  /** The status and at most {@link #BODY_LIMIT} bytes of the body; a longer body is cut off, the connection closed. */
  private static Future<Answer> readLimited(HttpClientResponse response) {
    Promise<Answer> answered = Promise.promise();
    Buffer collected = Buffer.buffer();
    response.handler(chunk -> {
      if (collected.length() < BODY_LIMIT) {
        collected.appendBuffer(chunk.length() > BODY_LIMIT - collected.length()
            ? chunk.getBuffer(0, BODY_LIMIT - collected.length()) : chunk);
      }
      if (collected.length() >= BODY_LIMIT) {
        answered.tryComplete(new Answer(response.statusCode(), collected.toString(StandardCharsets.UTF_8)));
        response.request().connection().close();
      }
    });
    response.endHandler(v -> answered.tryComplete(new Answer(response.statusCode(),
        collected.toString(StandardCharsets.UTF_8))));
    response.exceptionHandler(error -> answered.tryComplete(new Answer(response.statusCode(),
        collected.toString(StandardCharsets.UTF_8))));
    return answered.future();
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  public Future<Void> close() {
    return client.close();
  }
}
