package io.coveton.rest.docs.build.samples;

import io.coveton.rest.docs.build.SampleRequest;
import java.util.ArrayList;
import java.util.List;

/** net/http and encoding/json from Go's standard library (google/uuid for the key). */
final class GoSample implements SampleLanguage {
  @Override public String id() { return "go"; }
  @Override public String label() { return "Go"; }
  @Override public String extension() { return "go"; }

  @Override
  public String render(String name, SampleRequest request) {
    List<String> imports = new ArrayList<>();
    if (request.hasBody()) {
      imports.add("bytes");
      imports.add("encoding/json");
    }
    imports.addAll(List.of("fmt", "io", "net/http"));
    if (request.sendsToken()) {
      imports.add("os");
    }
    StringBuilder out = new StringBuilder("package main\n\nimport (\n");
    imports.forEach(i -> out.append("\t\"").append(i).append("\"\n"));
    if (request.idempotent()) {
      out.append("\n\t\"github.com/google/uuid\"\n");
    }
    out.append(")\n\nfunc main() {\n");
    String body = "nil";
    if (request.hasBody()) {
      out.append("\tpayload, err := json.Marshal(").append(Literal.GO.write(request.body(), "\t", "\t", true)).append(")\n");
      out.append("\tif err != nil {\n\t\tpanic(err)\n\t}\n");
      body = "bytes.NewReader(payload)";
    }
    out.append("\treq, err := http.NewRequest(http.Method")
        .append(request.method().charAt(0)).append(request.method().substring(1).toLowerCase())
        .append(", \"").append(request.fullUrl()).append("\", ").append(body).append(")\n");
    out.append("\tif err != nil {\n\t\tpanic(err)\n\t}\n");
    if (request.sendsToken()) {
      out.append("\treq.Header.Set(\"Authorization\", \"Bearer \"+os.Getenv(\"").append(request.tokenVariable()).append("\"))\n");
    }
    if (request.hasBody()) {
      out.append("\treq.Header.Set(\"Content-Type\", \"application/json\")\n");
    }
    if (request.idempotent()) {
      out.append("\treq.Header.Set(\"Idempotency-Key\", uuid.NewString())\n");
    }
    out.append("\tresp, err := http.DefaultClient.Do(req)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n");
    out.append("\tdefer resp.Body.Close()\n\tanswer, err := io.ReadAll(resp.Body)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n");
    out.append("\tfmt.Println(resp.Status, string(answer))\n}\n");
    return out.toString();
  }
}
