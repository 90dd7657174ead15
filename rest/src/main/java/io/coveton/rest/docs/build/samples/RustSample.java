package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;

/** reqwest on tokio, the body with serde_json's json! macro (and uuid for the key). */
final class RustSample implements SampleLanguage {
  @Override public String id() { return "rust"; }
  @Override public String label() { return "Rust"; }
  @Override public String extension() { return "rs"; }

  @Override
  public String render(String name, SampleRequest request) {
    StringBuilder out = new StringBuilder();
    if (request.hasBody()) {
      out.append("use serde_json::json;\n\n");
    }
    out.append("#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    if (request.sendsToken()) {
      out.append("    let token = std::env::var(\"").append(request.tokenVariable()).append("\")?;\n");
    }
    out.append("    let response = reqwest::Client::new()\n");
    String method = request.method().toLowerCase();
    out.append("        .").append(method).append("(\"").append(request.fullUrl()).append("\")\n");
    if (request.sendsToken()) {
      out.append("        .bearer_auth(token)\n");
    }
    if (request.idempotent()) {
      out.append("        .header(\"Idempotency-Key\", uuid::Uuid::new_v4().to_string())\n");
    }
    if (request.hasBody()) {
      out.append("        .json(&json!(").append(SampleLanguage.prettyJson(request.body(), "        ")).append("))\n");
    }
    out.append("        .send()\n        .await?;\n");
    out.append("    println!(\"{}\", response.status());\n");
    if (request.answer() != SampleRequest.Answer.EMPTY) {
      out.append("    println!(\"{}\", response.text().await?);\n");
    }
    out.append("    Ok(())\n}\n");
    return out.toString();
  }
}
