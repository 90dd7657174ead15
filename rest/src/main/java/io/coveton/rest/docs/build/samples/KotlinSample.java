package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** OkHttp 4, Kotlin's most common HTTP client, the body in a raw string. */
final class KotlinSample implements SampleLanguage {
  @Override public String id() { return "kotlin"; }
  @Override public String label() { return "Kotlin"; }
  @Override public String extension() { return "kt"; }

  @Override
  public String render(String name, SampleRequest request) {
    boolean needsBody = request.hasBody() || request.method().equals("POST") || request.method().equals("PATCH")
        || request.method().equals("PUT");
    StringBuilder out = new StringBuilder();
    if (needsBody) {
      out.append("import okhttp3.MediaType.Companion.toMediaType\n");
    }
    out.append("import okhttp3.OkHttpClient\nimport okhttp3.Request\n");
    if (needsBody) {
      out.append("import okhttp3.RequestBody.Companion.toRequestBody\n");
    }
    if (request.idempotent()) {
      out.append("import java.util.UUID\n");
    }
    out.append("\nfun main() {\n    val client = OkHttpClient()\n");
    if (needsBody) {
      String json = request.hasBody() ? SampleLanguage.prettyJson(request.body(), "        ").replace("$", "${'$'}") : "";
      out.append("    val body = \"\"\"\n        ").append(json).append("\n    \"\"\".trimIndent()\n")
          .append("        .toRequestBody(\"application/json\".toMediaType())\n");
    }
    out.append("    val request = Request.Builder()\n        .url(\"").append(request.fullUrl()).append("\")\n");
    if (request.sendsToken()) {
      out.append("        .header(\"Authorization\", \"Bearer ${System.getenv(\"").append(request.tokenVariable()).append("\")}\")\n");
    }
    if (request.idempotent()) {
      out.append("        .header(\"Idempotency-Key\", UUID.randomUUID().toString())\n");
    }
    String method = request.method().toLowerCase();
    out.append("        .").append(method).append(needsBody ? "(body)" : "()").append("\n        .build()\n\n");
    out.append("    client.newCall(request).execute().use { response ->\n")
        .append("        println(\"${response.code} ${response.body?.string()}\")\n    }\n}\n");
    return out.toString();
  }
}
