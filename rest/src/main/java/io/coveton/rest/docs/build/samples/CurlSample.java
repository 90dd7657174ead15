package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;
import java.util.ArrayList;
import java.util.List;

/** cURL in a POSIX shell: the token from $ACCESS_TOKEN, a fresh key from uuidgen. */
final class CurlSample implements SampleLanguage {
  @Override public String id() { return "curl"; }
  @Override public String label() { return "cURL"; }
  @Override public String extension() { return "sh"; }

  @Override
  public String render(String name, SampleRequest request) {
    List<String> parts = new ArrayList<>();
    String first = request.method().equals("GET") ? "curl" : "curl -X " + request.method();
    if (request.answer() == SampleRequest.Answer.EMPTY) {
      first += " -i";
    }
    parts.add(first + " \"" + request.fullUrl() + "\"");
    if (request.sendsToken()) {
      parts.add("-H \"Authorization: Bearer $" + request.tokenVariable() + "\"");
    }
    if (request.hasBody()) {
      parts.add("-H \"Content-Type: application/json\"");
    }
    if (request.idempotent()) {
      parts.add("-H \"Idempotency-Key: $(uuidgen)\"");
    }
    if (request.hasBody()) {
      parts.add("-d '" + SampleLanguage.prettyJson(request.body(), "  ").replace("'", "'\\''") + "'");
    }
    return String.join(" \\\n  ", parts) + "\n";
  }
}
