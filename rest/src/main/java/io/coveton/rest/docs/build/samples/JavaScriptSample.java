package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** fetch (Node 18+ and browsers), as an ES module; the TypeScript flavour types the answer. */
final class JavaScriptSample implements SampleLanguage {
  private final boolean typed;

  JavaScriptSample(boolean typed) {
    this.typed = typed;
  }

  @Override public String id() { return typed ? "typescript" : "javascript"; }
  @Override public String label() { return typed ? "TypeScript" : "JavaScript"; }
  @Override public String extension() { return typed ? "ts" : "mjs"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder();
    if (typed && request.answer() == SampleRequest.Answer.JSON) {
      request.answerDeclarations().forEach(declaration -> out.append(declaration).append('\n'));
    }
    out.append("const response").append(typed ? ": Response" : "").append(" = await fetch(\"")
        .append(request.fullUrl()).append("\", {\n");
    out.append("  method: \"").append(request.method()).append("\",\n");
    if (request.sendsToken() || request.hasBody() || request.idempotent()) {
      out.append("  headers: {\n");
      if (request.sendsToken()) {
        out.append("    Authorization: `Bearer ${process.env.").append(request.tokenVariable()).append("}`,\n");
      }
      if (request.hasBody()) {
        out.append("    \"Content-Type\": \"application/json\",\n");
      }
      if (request.idempotent()) {
        out.append("    \"Idempotency-Key\": crypto.randomUUID(),\n");
      }
      out.append("  },\n");
    }
    if (request.hasBody()) {
      out.append("  body: JSON.stringify(").append(SampleLanguage.prettyJson(request.body(), "  ")).append("),\n");
    }
    out.append("});\n");
    switch (request.answer()) {
      case JSON -> out.append(typed ? "const data = (await response.json()) as " + request.answerType() + ";\n"
          : "const data = await response.json();\n").append("console.log(response.status, data);\n");
      case TEXT -> out.append("console.log(response.status, await response.text());\n");
      case EMPTY -> out.append("console.log(response.status").append(request.method().equals("GET")
          ? ", response.headers.get(\"location\")" : "").append(");\n");
    }
    return out.toString();
  }
}
