package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** requests, the most common Python HTTP client. */
final class PythonSample implements SampleLanguage {
  @Override public String id() { return "python"; }
  @Override public String label() { return "Python"; }
  @Override public String extension() { return "py"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder();
    if (request.sendsToken()) {
      out.append("import os\n");
    }
    if (request.idempotent()) {
      out.append("import uuid\n");
    }
    out.append(out.length() > 0 ? "\n" : "").append("import requests\n\n");
    out.append("response = requests.").append(request.method().toLowerCase()).append("(\n");
    out.append("    \"").append(request.fullUrl()).append("\",\n");
    if (request.sendsToken() || request.idempotent()) {
      out.append("    headers={\n");
      if (request.sendsToken()) {
        out.append("        \"Authorization\": f\"Bearer {os.environ['").append(request.tokenVariable()).append("']}\",\n");
      }
      if (request.idempotent()) {
        out.append("        \"Idempotency-Key\": str(uuid.uuid4()),\n");
      }
      out.append("    },\n");
    }
    if (request.hasBody()) {
      out.append("    json=").append(Literal.PYTHON.write(request.body(), "    ", "    ", true)).append(",\n");
    }
    if (request.answer() == SampleRequest.Answer.EMPTY && request.method().equals("GET")) {
      out.append("    allow_redirects=False,\n");
    }
    out.append("    timeout=10,\n)\n");
    out.append(switch (request.answer()) {
      case JSON -> "print(response.status_code, response.json())\n";
      case TEXT -> "print(response.status_code, response.text)\n";
      case EMPTY -> "print(response.status_code" + (request.method().equals("GET") ? ", response.headers.get(\"Location\")" : "") + ")\n";
    });
    return out.toString();
  }
}
