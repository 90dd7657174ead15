package io.coveton.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One local HTTP server answering as Stripe ({@code POST /v1/checkout/sessions}), Paystack
 * ({@code POST /transaction/initialize}) and Flutterwave ({@code POST /v3/payments}) do, after
 * checking each request against the provider's documented shape: method, path, bearer secret key,
 * content type and the required fields. A request that breaks it is answered as the provider
 * answers a bad request and recorded in {@link #violations()}. A price, plan code or plan named
 * {@code *_broken} makes the provider answer an error, to test how errors are mapped.
 */
public final class PaymentProviderDouble implements AutoCloseable {
  public static final String STRIPE_KEY = "sk_test_coveton";
  public static final String PAYSTACK_KEY = "sk_test_paystack_coveton";
  public static final String FLUTTERWAVE_KEY = "FLWSECK_TEST-coveton";
  private final HttpServer server;
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> stripeSessions = new CopyOnWriteArrayList<>();
  private final List<JsonObject> paystackTransactions = new CopyOnWriteArrayList<>();
  private final List<JsonObject> flutterwavePayments = new CopyOnWriteArrayList<>();

  public PaymentProviderDouble() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/checkout/sessions", this::stripe);
    server.createContext("/transaction/initialize", this::paystack);
    server.createContext("/v3/payments", this::flutterwave);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  public List<Map<String, String>> stripeSessions() {
    return List.copyOf(stripeSessions);
  }

  public List<JsonObject> paystackTransactions() {
    return List.copyOf(paystackTransactions);
  }

  public List<JsonObject> flutterwavePayments() {
    return List.copyOf(flutterwavePayments);
  }

  private void stripe(HttpExchange exchange) throws IOException {
    if (!checkRequest(exchange, STRIPE_KEY, "application/x-www-form-urlencoded")) {
      json(exchange, 401, new JsonObject().put("error", new JsonObject().put("type", "invalid_request_error")
          .put("message", "Invalid API Key provided")));
      return;
    }
    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    for (String field : List.of("mode", "line_items[0][price]", "line_items[0][quantity]", "success_url",
        "client_reference_id", "metadata[organization_id]")) {
      if (form.get(field) == null || form.get(field).isBlank()) {
        violations.add("stripe: missing " + field + " in " + form);
      }
    }
    if (!"subscription".equals(form.get("mode"))) {
      violations.add("stripe: mode must be subscription, got " + form.get("mode"));
    }
    if (String.valueOf(form.get("line_items[0][price]")).endsWith("_broken")) {
      json(exchange, 400, new JsonObject().put("error", new JsonObject().put("type", "invalid_request_error")
          .put("message", "No such price: '" + form.get("line_items[0][price]") + "'")));
      return;
    }
    stripeSessions.add(form);
    String id = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
    json(exchange, 200, new JsonObject().put("id", id).put("object", "checkout.session")
        .put("url", "https://checkout.stripe.com/c/pay/" + id).put("mode", "subscription"));
  }

  private void paystack(HttpExchange exchange) throws IOException {
    if (!checkRequest(exchange, PAYSTACK_KEY, "application/json")) {
      json(exchange, 401, new JsonObject().put("status", false).put("message", "Invalid key"));
      return;
    }
    JsonObject body = new JsonObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    for (String field : List.of("email", "amount", "callback_url", "reference", "plan")) {
      if (body.getValue(field) == null) {
        violations.add("paystack: missing " + field + " in " + body);
      }
    }
    if (!(body.getValue("amount") instanceof String amount) || !amount.matches("[0-9]+")) {
      violations.add("paystack: amount must be a string of minor units, got " + body.getValue("amount"));
    }
    if (String.valueOf(body.getValue("plan")).endsWith("_broken")) {
      json(exchange, 400, new JsonObject().put("status", false).put("message", "Plan not found"));
      return;
    }
    paystackTransactions.add(body);
    json(exchange, 200, new JsonObject().put("status", true).put("message", "Authorization URL created")
        .put("data", new JsonObject().put("authorization_url", "https://checkout.paystack.com/" + body.getString("reference"))
            .put("access_code", "ac_" + UUID.randomUUID()).put("reference", body.getString("reference"))));
  }

  private void flutterwave(HttpExchange exchange) throws IOException {
    if (!checkRequest(exchange, FLUTTERWAVE_KEY, "application/json")) {
      json(exchange, 401, new JsonObject().put("status", "error").put("message", "Invalid authorization key"));
      return;
    }
    JsonObject body = new JsonObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    for (String field : List.of("tx_ref", "amount", "currency", "redirect_url", "customer")) {
      if (body.getValue(field) == null) {
        violations.add("flutterwave: missing " + field + " in " + body);
      }
    }
    if (!(body.getValue("customer") instanceof JsonObject customer) || customer.getString("email") == null) {
      violations.add("flutterwave: customer.email is required");
    }
    if (String.valueOf(body.getValue("payment_plan")).endsWith("_broken")) {
      json(exchange, 400, new JsonObject().put("status", "error").put("message", "Payment plan not found"));
      return;
    }
    flutterwavePayments.add(body);
    json(exchange, 200, new JsonObject().put("status", "success").put("message", "Hosted Link")
        .put("data", new JsonObject().put("link", "https://checkout.flutterwave.com/v3/hosted/pay/" + body.getString("tx_ref"))));
  }

  private boolean checkRequest(HttpExchange exchange, String key, String contentType) {
    String path = exchange.getRequestURI().getPath();
    if (!exchange.getRequestMethod().equals("POST")) {
      violations.add(path + ": method " + exchange.getRequestMethod());
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith(contentType)) {
      violations.add(path + ": content type " + type + ", expected " + contentType);
    }
    boolean authorized = ("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    if (!authorized) {
      violations.add(path + ": authorization " + exchange.getRequestHeaders().getFirst("Authorization"));
    }
    return authorized;
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void json(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
