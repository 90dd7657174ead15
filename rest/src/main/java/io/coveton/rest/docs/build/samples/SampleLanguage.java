package io.coveton.rest.docs.build.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveton.rest.docs.build.SampleRequest;
import java.io.UncheckedIOException;
import java.util.List;

/** One language of the reference page's samples: how it writes an operation's request. */
public interface SampleLanguage {
  /** The key the page and the switcher use ({@code curl}, {@code rust}, ...). */
  String id();

  String label();

  /** The file name ending its toolchain expects, for the syntax checks. */
  String extension();

  /** A complete, runnable program (or command) for the request; {@code name} is the operation id. */
  String render(String name, SampleRequest request);

  /** The twelve, in the order of the switcher. */
  static List<SampleLanguage> all() {
    return List.of(new CurlSample(), new JavaScriptSample(false), new JavaScriptSample(true), new PythonSample(),
        new PhpSample(), new RubySample(), new GoSample(), new JavaSample(), new CSharpSample(), new RustSample(),
        new SwiftSample(), new KotlinSample());
  }

  /** JSON indented by two spaces, each line after the first prefixed by {@code indent}. */
  static String prettyJson(JsonNode body, String indent) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n" + indent))
        .withArrayIndenter(new DefaultIndenter("  ", "\n" + indent));
    try {
      return new ObjectMapper().writer(printer).writeValueAsString(body).replace("\" : ", "\": ");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
