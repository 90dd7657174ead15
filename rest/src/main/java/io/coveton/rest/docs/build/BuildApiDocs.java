package io.coveton.rest.docs.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.coveton.rest.docs.build.samples.SampleLanguage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run by the build (process-classes): writes {@code openapi.json}, {@code openapi.yaml},
 * {@code asyncapi.json}, {@code asyncapi.yaml}, {@code samples.json} and the reference page
 * ({@code index.html}, {@code docs.css}, {@code docs.js}) into the classes the server serves them
 * from. Arguments: the OpenAPI source folder, the guides folder, the output folder.
 */
public final class BuildApiDocs {
  /** The guides of the page, in reading order (files under the guides folder, without .md). */
  static final List<String> GUIDES = List.of("quickstart", "authentication", "zero-knowledge", "errors",
      "rate-limits", "pagination", "idempotency", "webhooks", "relay");

  private BuildApiDocs() {}

  public static void main(String[] args) throws IOException {
    Path sources = Path.of(args[0]);
    Path guidesDir = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    // every string quoted: YAML readers must not take "16777216" for a number or a timestamp for a date
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ObjectNode openApi = new OpenApiAssembly(yaml).assemble(sources);
    json.writeValue(out.resolve("openapi.json").toFile(), openApi);
    yaml.writeValue(out.resolve("openapi.yaml").toFile(), openApi);
    JsonNode asyncApi = yaml.readTree(sources.resolve("relay.asyncapi.yaml").toFile());
    json.writeValue(out.resolve("asyncapi.json").toFile(), asyncApi);
    yaml.writeValue(out.resolve("asyncapi.yaml").toFile(), asyncApi);

    List<SampleLanguage> languages = SampleLanguage.all();
    List<ApiOperation> operations = ApiOperation.all(openApi);
    Map<String, Map<String, String>> samples = new LinkedHashMap<>();
    for (ApiOperation op : operations) {
      Map<String, String> perLanguage = new LinkedHashMap<>();
      languages.forEach(language -> perLanguage.put(language.id(), language.render(op.operationId(), op.sample())));
      samples.put(op.operationId(), perLanguage);
    }
    json.writeValue(out.resolve("samples.json").toFile(), samples);

    Html html = new Html();
    String page = new ReferencePage(openApi, html, languages)
        .render(guides(guidesDir, html), operations, samples, new RelaySection(asyncApi));
    Files.writeString(out.resolve("index.html"), page, StandardCharsets.UTF_8);
    for (String asset : List.of("docs.css", "docs.js")) {
      Files.copy(sources.resolve("site").resolve(asset), out.resolve(asset), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.printf("api docs: %d operations, %d samples, %d guides -> %s%n", operations.size(),
        operations.size() * languages.size(), GUIDES.size(), out);
  }

  private static List<ReferencePage.Guide> guides(Path dir, Html html) throws IOException {
    List<ReferencePage.Guide> guides = new ArrayList<>();
    for (String name : GUIDES) {
      String text = Files.readString(dir.resolve(name + ".md"), StandardCharsets.UTF_8);
      String title = text.lines().filter(l -> l.startsWith("# ")).findFirst()
          .orElseThrow(() -> new IllegalStateException(name + ".md has no '# Title' line")).substring(2).trim();
      guides.add(new ReferencePage.Guide("guide-" + name, title, html.markdown(text)));
    }
    return guides;
  }
}
