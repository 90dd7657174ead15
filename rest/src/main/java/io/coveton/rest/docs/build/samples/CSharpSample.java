package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** HttpClient (.NET 7+, top-level statements), the body in a raw string literal. */
final class CSharpSample implements SampleLanguage {
  @Override public String id() { return "csharp"; }
  @Override public String label() { return "C#"; }
  @Override public String extension() { return "cs"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder();
    if (request.sendsToken()) {
      out.append("using System.Net.Http.Headers;\n");
    }
    if (request.hasBody()) {
      out.append("using System.Text;\n");
    }
    out.append(out.length() > 0 ? "\n" : "").append("using var client = new HttpClient();\n");
    String method = request.method().charAt(0) + request.method().substring(1).toLowerCase();
    out.append("using var request = new HttpRequestMessage(HttpMethod.").append(method)
        .append(", \"").append(request.fullUrl()).append("\");\n");
    if (request.sendsToken()) {
      out.append("request.Headers.Authorization = new AuthenticationHeaderValue(\"Bearer\",\n")
          .append("    Environment.GetEnvironmentVariable(\"").append(request.tokenVariable()).append("\"));\n");
    }
    if (request.idempotent()) {
      out.append("request.Headers.Add(\"Idempotency-Key\", Guid.NewGuid().ToString());\n");
    }
    if (request.hasBody()) {
      out.append("request.Content = new StringContent(\"\"\"\n    ")
          .append(SampleLanguage.prettyJson(request.body(), "    "))
          .append("\n    \"\"\", Encoding.UTF8, \"application/json\");\n");
    }
    out.append("\nusing var response = await client.SendAsync(request);\n")
        .append("Console.WriteLine($\"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\");\n");
    return out.toString();
  }
}
