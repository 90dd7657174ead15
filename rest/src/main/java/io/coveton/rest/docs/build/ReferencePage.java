package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveton.rest.docs.build.samples.SampleLanguage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference page: the guides, then every operation grouped by tag with its parameters,
 * body, answers and a sample in each language, then the relay protocol. One static HTML file
 * with its stylesheet and script beside it, nothing fetched from elsewhere.
 */
final class ReferencePage {
  /** A guide: its anchor, its title and its rendered body. */
  record Guide(String anchor, String title, String html) {}

  private final JsonNode document;
  private final Html html;
  private final SchemaView schemas;
  private final List<SampleLanguage> languages;

  ReferencePage(JsonNode document, Html html, List<SampleLanguage> languages) {
    this.document = document;
    this.html = html;
    this.schemas = new SchemaView(document, html);
    this.languages = languages;
  }

  String render(List<Guide> guides, List<ApiOperation> operations, Map<String, Map<String, String>> samples,
      RelaySection relay) {
    Map<String, List<ApiOperation>> byTag = new LinkedHashMap<>();
    document.path("tags").forEach(tag -> byTag.put(tag.path("name").asText(), new java.util.ArrayList<>()));
    operations.forEach(op -> byTag.computeIfAbsent(op.tag(), t -> new java.util.ArrayList<>()).add(op));
    StringBuilder out = new StringBuilder(1 << 20);
    String title = document.path("info").path("title").asText();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(title)).append(" reference</title>\n")
        .append("<link rel=\"stylesheet\" href=\"/docs/docs.css\">\n")
        .append("<script src=\"/docs/docs.js\" defer></script>\n</head>\n<body>\n");
    out.append("<header class=\"top\"><a class=\"brand\" href=\"#top\">").append(Html.escape(title)).append("</a>")
        .append("<span class=\"version\">v").append(Html.escape(document.path("info").path("version").asText())).append("</span>")
        .append("<span class=\"links\"><a href=\"/v1/openapi.json\">OpenAPI JSON</a> <a href=\"/v1/openapi.yaml\">YAML</a>")
        .append(" <a href=\"/v1/asyncapi.json\">AsyncAPI</a></span></header>\n");
    nav(out, guides, byTag, relay);
    out.append("<main id=\"top\">\n<section class=\"intro\">").append(html.markdown(document.path("info").path("description").asText()))
        .append("<p>Base URL: <code>").append(Html.escape(document.path("servers").path(0).path("url").asText()))
        .append("</code></p></section>\n");
    for (Guide guide : guides) {
      out.append("<section class=\"guide\" id=\"").append(guide.anchor()).append("\">").append(guide.html()).append("</section>\n");
    }
    for (Map.Entry<String, List<ApiOperation>> tag : byTag.entrySet()) {
      if (tag.getValue().isEmpty()) {
        continue;
      }
      out.append("<section class=\"tag\" id=\"tag-").append(Html.anchor(tag.getKey())).append("\"><h2>")
          .append(Html.escape(tag.getKey())).append("</h2>").append(html.markdown(tagDescription(tag.getKey())));
      for (ApiOperation op : tag.getValue()) {
        operation(out, op, samples.get(op.operationId()));
      }
      out.append("</section>\n");
    }
    out.append(relay.render(html, schemas));
    return out.append("</main>\n</body>\n</html>\n").toString();
  }

  private void nav(StringBuilder out, List<Guide> guides, Map<String, List<ApiOperation>> byTag, RelaySection relay) {
    out.append("<nav class=\"side\"><h3>Guides</h3><ul>");
    guides.forEach(g -> out.append("<li><a href=\"#").append(g.anchor()).append("\">").append(Html.escape(g.title())).append("</a></li>"));
    out.append("</ul><h3>API reference</h3><ul>");
    byTag.forEach((tag, ops) -> {
      if (ops.isEmpty()) {
        return;
      }
      out.append("<li><a href=\"#tag-").append(Html.anchor(tag)).append("\">").append(Html.escape(tag)).append("</a><ul>");
      ops.forEach(op -> out.append("<li><a href=\"#op-").append(op.operationId()).append("\"><span class=\"method ")
          .append(op.method().toLowerCase()).append("\">").append(op.method()).append("</span> ")
          .append(Html.escape(op.node().path("summary").asText())).append("</a></li>"));
      out.append("</ul></li>");
    });
    out.append("</ul><h3>Relay</h3><ul><li><a href=\"#").append(RelaySection.ANCHOR).append("\">")
        .append(Html.escape(relay.title())).append("</a></li></ul></nav>\n");
  }

  private void operation(StringBuilder out, ApiOperation op, Map<String, String> sample) {
    JsonNode node = op.node();
    out.append("<article class=\"operation\" id=\"op-").append(op.operationId()).append("\">");
    out.append("<h3><span class=\"method ").append(op.method().toLowerCase()).append("\">").append(op.method())
        .append("</span> <code class=\"path\">").append(Html.escape(op.path())).append("</code></h3>");
    out.append("<p class=\"summary\">").append(Html.escape(node.path("summary").asText())).append("</p>");
    out.append("<div class=\"columns\"><div class=\"details\">");
    out.append(html.markdown(node.path("description").asText()));
    out.append("<p class=\"auth\">").append(ApiOperation.takesAccessToken(node) ? "Requires a bearer access token."
        : ApiOperation.takesMetricsToken(node) ? "Requires the metrics token." : "Public: no token.")
        .append(node.path("x-coveton-rate-limited").asBoolean(true) ? "" : " Not rate limited.").append("</p>");
    parameters(out, node);
    JsonNode body = ApiOperation.resolve(document, node.path("requestBody")).path("content");
    if (body.fields().hasNext()) {
      var content = body.fields().next();
      out.append("<h4>Request body <code>").append(Html.escape(content.getKey())).append("</code></h4>");
      if (content.getValue().has("schema")) {
        out.append(schemas.render(content.getValue().get("schema")));
      }
    }
    out.append("<h4>Responses</h4><ul class=\"responses\">");
    node.path("responses").fields().forEachRemaining(response -> {
      JsonNode resolved = ApiOperation.resolve(document, response.getValue());
      out.append("<li><span class=\"status s").append(response.getKey().charAt(0)).append("\">").append(response.getKey())
          .append("</span> ").append(Html.escape(resolved.path("description").asText()));
      JsonNode schema = resolved.path("content").path("application/json").path("schema");
      if (response.getKey().startsWith("2") && !schema.isMissingNode()) {
        out.append(schemas.render(schema));
      }
      out.append("</li>");
    });
    out.append("</ul></div><div class=\"samples\" data-operation=\"").append(op.operationId()).append("\">");
    out.append("<div class=\"sample-tabs\" role=\"tablist\">");
    for (SampleLanguage language : languages) {
      out.append("<button type=\"button\" role=\"tab\" data-language=\"").append(language.id()).append("\">")
          .append(Html.escape(language.label())).append("</button>");
    }
    out.append("</div>");
    for (SampleLanguage language : languages) {
      out.append("<pre class=\"sample\" data-language=\"").append(language.id()).append("\"")
          .append(language.id().equals("curl") ? "" : " hidden").append("><code>")
          .append(Html.escape(sample.get(language.id()))).append("</code></pre>");
    }
    JsonNode example = successExample(node);
    if (example != null) {
      out.append("<p class=\"example-label\">Example answer</p><pre class=\"answer\"><code>")
          .append(Html.escape(SampleLanguage.prettyJson(example, ""))).append("</code></pre>");
    }
    out.append("</div></div></article>\n");
  }

  private void parameters(StringBuilder out, JsonNode node) {
    if (node.path("parameters").isEmpty()) {
      return;
    }
    out.append("<h4>Parameters</h4><ul class=\"fields\">");
    for (JsonNode parameter : node.path("parameters")) {
      JsonNode p = ApiOperation.resolve(document, parameter);
      out.append("<li><code class=\"field\">").append(Html.escape(p.path("name").asText())).append("</code> <span class=\"in\">")
          .append(Html.escape(p.path("in").asText())).append("</span> <span class=\"type\">")
          .append(Html.escape(schemas.typeOf(p.path("schema")))).append("</span>")
          .append(p.path("required").asBoolean() ? " <span class=\"required\">required</span>" : "")
          .append(html.markdown(p.path("description").asText())).append("</li>");
    }
    out.append("</ul>");
  }

  private JsonNode successExample(JsonNode node) {
    for (var it = node.path("responses").fields(); it.hasNext(); ) {
      var response = it.next();
      if (response.getKey().startsWith("2")) {
        JsonNode json = ApiOperation.resolve(document, response.getValue()).path("content").path("application/json");
        if (json.has("example")) {
          return json.get("example");
        }
      }
    }
    return null;
  }

  private String tagDescription(String name) {
    for (JsonNode tag : document.path("tags")) {
      if (tag.path("name").asText().equals(name)) {
        return tag.path("description").asText();
      }
    }
    return "";
  }
}
