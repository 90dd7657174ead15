package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveton.rest.docs.build.samples.SampleLanguage;
import java.util.LinkedHashMap;
import java.util.Map;

/** The relay protocol's part of the reference page, rendered from its AsyncAPI document. */
final class RelaySection {
  static final String ANCHOR = "relay-protocol-reference";
  private final JsonNode asyncApi;

  RelaySection(JsonNode asyncApi) {
    this.asyncApi = asyncApi;
  }

  String title() {
    return asyncApi.path("info").path("title").asText("Relay");
  }

  String render(Html html, SchemaView ignoredOpenApiSchemas) {
    SchemaView schemas = new SchemaView(asyncApi, html);
    StringBuilder out = new StringBuilder("<section class=\"tag relay\" id=\"" + ANCHOR + "\"><h2>")
        .append(Html.escape(title())).append("</h2>");
    out.append(html.markdown(asyncApi.path("info").path("description").asText()));
    asyncApi.path("servers").fields().forEachRemaining(server -> out.append("<p>Server <code>")
        .append(Html.escape(server.getValue().path("protocol").asText())).append("://")
        .append(Html.escape(server.getValue().path("host").asText()))
        .append(Html.escape(server.getValue().path("pathname").asText())).append("</code> ")
        .append(Html.escape(server.getValue().path("description").asText())).append("</p>"));
    for (Map.Entry<String, String> direction : directions().entrySet()) {
      out.append("<h3>").append(Html.escape(direction.getValue())).append("</h3>");
      for (JsonNode ref : asyncApi.path("operations").path(direction.getKey()).path("messages")) {
        message(out, html, schemas, resolveMessage(ref));
      }
    }
    JsonNode codes = asyncApi.path("x-close-codes");
    if (!codes.isEmpty()) {
      out.append("<h3>Close codes</h3><table class=\"codes\"><thead><tr><th>Code</th><th>Name</th><th>Meaning</th>")
          .append("<th>What the client does</th></tr></thead><tbody>");
      codes.forEach(code -> out.append("<tr><td><code>").append(code.path("code").asText()).append("</code></td><td>")
          .append(Html.escape(code.path("name").asText())).append("</td><td>").append(Html.escape(code.path("meaning").asText()))
          .append("</td><td>").append(Html.escape(code.path("clientAction").asText())).append("</td></tr>"));
      out.append("</tbody></table>");
    }
    return out.append("</section>\n").toString();
  }

  /** Operation name to heading, client frames first. */
  private Map<String, String> directions() {
    Map<String, String> send = new LinkedHashMap<>();
    Map<String, String> receive = new LinkedHashMap<>();
    asyncApi.path("operations").fields().forEachRemaining(op -> {
      if (op.getValue().path("action").asText().equals("send")) {
        send.put(op.getKey(), "Frames the client sends");
      } else {
        receive.put(op.getKey(), "Frames the server sends");
      }
    });
    send.putAll(receive);
    return send;
  }

  private JsonNode resolveMessage(JsonNode ref) {
    JsonNode node = ApiOperation.resolve(asyncApi, ref);
    // a channel's message may itself point at components/messages
    return node.has("$ref") ? ApiOperation.resolve(asyncApi, node) : node;
  }

  private void message(StringBuilder out, Html html, SchemaView schemas, JsonNode message) {
    String name = message.path("name").asText(message.path("title").asText());
    out.append("<article class=\"operation frame\" id=\"frame-").append(Html.anchor(name)).append("\"><h4><code>")
        .append(Html.escape(name)).append("</code> ").append(Html.escape(message.path("title").asText())).append("</h4>");
    out.append(html.markdown(message.path("summary").asText()));
    out.append(html.markdown(message.path("description").asText()));
    if (message.has("payload")) {
      out.append(schemas.render(message.get("payload")));
    }
    JsonNode example = message.path("examples").path(0).path("payload");
    if (!example.isMissingNode()) {
      out.append("<pre class=\"answer\"><code>").append(Html.escape(SampleLanguage.prettyJson(example, ""))).append("</code></pre>");
    }
    out.append("</article>");
  }
}
