package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** URLSession with async/await and JSONSerialization, from Foundation. */
final class SwiftSample implements SampleLanguage {
  @Override public String id() { return "swift"; }
  @Override public String label() { return "Swift"; }
  @Override public String extension() { return "swift"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder("import Foundation\n\n");
    out.append("var request = URLRequest(url: URL(string: \"").append(request.fullUrl()).append("\")!)\n");
    out.append("request.httpMethod = \"").append(request.method()).append("\"\n");
    if (request.sendsToken()) {
      out.append("let token = ProcessInfo.processInfo.environment[\"").append(request.tokenVariable()).append("\"] ?? \"\"\n");
      out.append("request.setValue(\"Bearer \\(token)\", forHTTPHeaderField: \"Authorization\")\n");
    }
    if (request.idempotent()) {
      out.append("request.setValue(UUID().uuidString, forHTTPHeaderField: \"Idempotency-Key\")\n");
    }
    if (request.hasBody()) {
      out.append("request.setValue(\"application/json\", forHTTPHeaderField: \"Content-Type\")\n");
      out.append("let body: [String: Any] = ").append(Literal.SWIFT.write(request.body(), "", "    ", false)).append("\n");
      out.append("request.httpBody = try JSONSerialization.data(withJSONObject: body)\n");
    }
    out.append("\nlet (data, response) = try await URLSession.shared.data(for: request)\n");
    out.append("let status = (response as? HTTPURLResponse)?.statusCode ?? 0\n");
    out.append("print(status, String(decoding: data, as: UTF8.self))\n");
    return out.toString();
  }
}
