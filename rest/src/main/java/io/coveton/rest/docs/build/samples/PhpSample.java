package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** Guzzle, PHP's most common HTTP client (composer require guzzlehttp/guzzle). */
final class PhpSample implements SampleLanguage {
  @Override public String id() { return "php"; }
  @Override public String label() { return "PHP"; }
  @Override public String extension() { return "php"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder("<?php\nrequire 'vendor/autoload.php';\n\n");
    out.append("$client = new GuzzleHttp\\Client();\n");
    out.append("$response = $client->request('").append(request.method()).append("', ")
        .append(Literal.singleQuoted(request.fullUrl())).append(", [\n");
    if (request.sendsToken() || request.idempotent()) {
      out.append("    'headers' => [\n");
      if (request.sendsToken()) {
        out.append("        'Authorization' => 'Bearer ' . getenv('").append(request.tokenVariable()).append("'),\n");
      }
      if (request.idempotent()) {
        out.append("        'Idempotency-Key' => bin2hex(random_bytes(16)),\n");
      }
      out.append("    ],\n");
    }
    if (request.hasBody()) {
      out.append("    'json' => ").append(Literal.PHP.write(request.body(), "    ", "    ", true)).append(",\n");
    }
    if (request.answer() == SampleRequest.Answer.EMPTY && request.method().equals("GET")) {
      out.append("    'allow_redirects' => false,\n");
    }
    out.append("    'http_errors' => false,\n]);\n\n");
    out.append("echo $response->getStatusCode(), PHP_EOL;\n");
    out.append(switch (request.answer()) {
      case JSON -> "print_r(json_decode((string) $response->getBody(), true));\n";
      case TEXT -> "echo $response->getBody(), PHP_EOL;\n";
      case EMPTY -> request.method().equals("GET") ? "echo $response->getHeaderLine('Location'), PHP_EOL;\n" : "";
    });
    return out.toString();
  }
}
