package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** Net::HTTP from Ruby's standard library. */
final class RubySample implements SampleLanguage {
  @Override public String id() { return "ruby"; }
  @Override public String label() { return "Ruby"; }
  @Override public String extension() { return "rb"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder("require \"json\"\nrequire \"net/http\"\n");
    if (request.idempotent()) {
      out.append("require \"securerandom\"\n");
    }
    out.append("\nuri = URI(\"").append(request.fullUrl()).append("\")\n");
    String method = request.method().charAt(0) + request.method().substring(1).toLowerCase();
    out.append("request = Net::HTTP::").append(method).append(".new(uri)\n");
    if (request.sendsToken()) {
      out.append("request[\"Authorization\"] = \"Bearer #{ENV.fetch(\"").append(request.tokenVariable()).append("\")}\"\n");
    }
    if (request.hasBody()) {
      out.append("request[\"Content-Type\"] = \"application/json\"\n");
    }
    if (request.idempotent()) {
      out.append("request[\"Idempotency-Key\"] = SecureRandom.uuid\n");
    }
    if (request.hasBody()) {
      out.append("request.body = JSON.generate(").append(Literal.RUBY.write(request.body(), "", "  ", true)).append(")\n");
    }
    out.append("\nresponse = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == \"https\") do |http|\n")
        .append("  http.request(request)\nend\n");
    out.append(switch (request.answer()) {
      case JSON -> "puts response.code\npp JSON.parse(response.body)\n";
      case TEXT -> "puts response.code\nputs response.body\n";
      case EMPTY -> "puts response.code" + (request.method().equals("GET") ? ", response[\"Location\"]" : "") + "\n";
    });
    return out.toString();
  }
}
