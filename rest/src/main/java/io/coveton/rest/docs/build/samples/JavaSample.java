package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** java.net.http.HttpClient from the JDK (Java 17+), the body in a text block. */
final class JavaSample implements SampleLanguage {
  @Override public String id() { return "java"; }
  @Override public String label() { return "Java"; }
  @Override public String extension() { return "java"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder("import java.net.URI;\nimport java.net.http.HttpClient;\n")
        .append("import java.net.http.HttpRequest;\nimport java.net.http.HttpResponse;\n");
    if (request.idempotent()) {
      out.append("import java.util.UUID;\n");
    }
    out.append("\npublic class ").append(SampleLanguage.capitalized(name)).append(" {\n")
        .append("  public static void main(String[] args) throws Exception {\n")
        .append("    HttpClient client = HttpClient.newHttpClient();\n");
    if (request.hasBody()) {
      String json = SampleLanguage.prettyJson(request.body(), "        ").replace("\\", "\\\\");
      out.append("    String body = \"\"\"\n        ").append(json).append("\n        \"\"\";\n");
    }
    out.append("    HttpRequest request = HttpRequest.newBuilder(URI.create(\"").append(request.fullUrl()).append("\"))\n");
    if (request.sendsToken()) {
      out.append("        .header(\"Authorization\", \"Bearer \" + System.getenv(\"").append(request.tokenVariable()).append("\"))\n");
    }
    if (request.hasBody()) {
      out.append("        .header(\"Content-Type\", \"application/json\")\n");
    }
    if (request.idempotent()) {
      out.append("        .header(\"Idempotency-Key\", UUID.randomUUID().toString())\n");
    }
    String publisher = request.hasBody() ? "HttpRequest.BodyPublishers.ofString(body)" : "HttpRequest.BodyPublishers.noBody()";
    out.append(switch (request.method()) {
      case "GET" -> "        .GET()\n";
      case "DELETE" -> request.hasBody() ? "        .method(\"DELETE\", " + publisher + ")\n" : "        .DELETE()\n";
      case "POST", "PUT" -> "        ." + request.method() + "(" + publisher + ")\n";
      default -> "        .method(\"" + request.method() + "\", " + publisher + ")\n";
    });
    out.append("        .build();\n")
        .append("    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());\n")
        .append("    System.out.println(response.statusCode() + \" \" + response.body());\n")
        .append("  }\n}\n");
    return out.toString();
  }
}
