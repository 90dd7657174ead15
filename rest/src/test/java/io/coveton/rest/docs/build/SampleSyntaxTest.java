package io.coveton.rest.docs.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveton.rest.docs.build.samples.SampleLanguage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated sample goes through its language's own parser, for the languages whose toolchain
 * is on the machine: Python's ast, Node (JavaScript, and TypeScript's compiler), javac (a full
 * compile: the Java samples use the JDK alone), rustfmt, php -l, ruby -c and gofmt. The languages
 * named in COVETON_SAMPLE_TOOLCHAINS (the test script names all it installs) must be checked;
 * the others are checked when present.
 */
class SampleSyntaxTest {
  private static final Set<String> REQUIRED = Arrays.stream(System.getenv()
          .getOrDefault("COVETON_SAMPLE_TOOLCHAINS", "python,javascript,java").split(","))
      .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  private static JsonNode samples;

  @TempDir
  Path dir;

  @BeforeAll
  static void readSamples() throws IOException {
    try (InputStream in = SampleSyntaxTest.class.getClassLoader().getResourceAsStream("coveton-docs/samples.json")) {
      assertTrue(in != null, "the build writes coveton-docs/samples.json");
      samples = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void everyOperationHasTwelveSamplesThatTakeTheTokenFromTheEnvironmentAndSendTheKeyWhereItApplies() throws IOException {
    JsonNode document;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("coveton-docs/openapi.json")) {
      document = new ObjectMapper().readTree(in);
    }
    List<String> problems = new ArrayList<>();
    for (ApiOperation op : ApiOperation.all(document)) {
      JsonNode perLanguage = samples.path(op.operationId());
      for (SampleLanguage language : SampleLanguage.all()) {
        String code = perLanguage.path(language.id()).asText("");
        String where = op.operationId() + "/" + language.id();
        if (code.isEmpty()) {
          problems.add(where + ": no sample");
          continue;
        }
        if (op.sample().bearer() && !code.contains("ACCESS_TOKEN")) {
          problems.add(where + ": does not send the access token");
        }
        if (op.sample().idempotent() != code.contains("Idempotency-Key")) {
          problems.add(where + ": Idempotency-Key " + (op.sample().idempotent() ? "missing" : "where none applies"));
        }
        boolean curlGetWithMethod = language.id().equals("curl") && op.method().equals("GET") && code.contains("-X ");
        if (!code.contains(methodMarker(language.id(), op.method())) || curlGetWithMethod) {
          problems.add(where + ": does not send " + op.method() + " (no " + methodMarker(language.id(), op.method()) + ")");
        }
      }
    }
    assertEquals(List.of(), problems);
    assertEquals(12, SampleLanguage.all().size());
  }

  /** How each language's sample says its HTTP method: what a sample with the wrong one would lack. */
  private static String methodMarker(String language, String method) {
    String lower = method.toLowerCase();
    String capitalized = method.charAt(0) + lower.substring(1);
    return switch (language) {
      case "curl" -> method.equals("GET") ? "curl " : "curl -X " + method;
      case "javascript", "typescript" -> "method: \"" + method + "\"";
      case "python" -> "requests." + lower + "(";
      case "php" -> "request('" + method + "'";
      case "ruby" -> "Net::HTTP::" + capitalized + ".new";
      case "go" -> "http.Method" + capitalized;
      case "java" -> switch (method) {
        case "GET", "DELETE" -> "." + method + "()";
        case "POST", "PUT" -> "." + method + "(";
        default -> ".method(\"" + method + "\"";
      };
      case "csharp" -> "HttpMethod." + capitalized;
      case "rust" -> "." + lower + "(\"";
      case "swift" -> "httpMethod = \"" + method + "\"";
      case "kotlin" -> "." + lower + "(";
      default -> throw new IllegalArgumentException(language);
    };
  }

  @Test
  void pythonSamplesParse() throws Exception {
    List<Path> files = write("python");
    run("python", List.of("python3", "-c", "import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)\n"),
        files);
  }

  @Test
  void javaScriptSamplesParse() throws Exception {
    List<Path> files = write("javascript");
    // an async function body accepts what an ES module with top-level await does
    run("javascript", List.of("node", "-e", "const fs = require('fs'); const AsyncFunction = (async () => {}).constructor;"
        + " for (const f of process.argv.slice(1)) { try { new AsyncFunction(fs.readFileSync(f, 'utf8')); }"
        + " catch (e) { console.error(f + ': ' + e.message); process.exitCode = 1; } }"), files);
  }

  @Test
  void typeScriptSamplesParse() throws Exception {
    Path typescript = Path.of(System.getenv().getOrDefault("COVETON_TYPESCRIPT",
        Path.of("..", ".tools", "node_modules", "typescript").toAbsolutePath().normalize().toString()));
    if (!Files.isDirectory(typescript)) {
      unavailable("typescript", "TypeScript's compiler at " + typescript + " (scripts/test.sh installs it)");
    }
    List<Path> files = write("typescript");
    run("typescript", List.of("node", "-e", "const ts = require(process.argv[1]); const fs = require('fs');"
        + " for (const f of process.argv.slice(2)) { const out = ts.transpileModule(fs.readFileSync(f, 'utf8'),"
        + " { reportDiagnostics: true, fileName: f, compilerOptions: { target: ts.ScriptTarget.ES2022,"
        + " module: ts.ModuleKind.ESNext } }); for (const d of out.diagnostics) { process.exitCode = 1;"
        + " console.error(f + ': ' + ts.flattenDiagnosticMessageText(d.messageText, ' ')); } }",
        typescript.toString()), files);
  }

  @Test
  void javaSamplesCompile() throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<Path> files = new ArrayList<>();
    for (var it = samples.fields(); it.hasNext(); ) {
      var op = it.next();
      Path file = dir.resolve(SampleLanguage.capitalized(op.getKey()) + ".java");
      Files.writeString(file, op.getValue().path("java").asText(), StandardCharsets.UTF_8);
      files.add(file);
    }
    List<String> arguments = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(), "-Xlint:none"));
    files.forEach(f -> arguments.add(f.toString()));
    StringWriter errors = new StringWriter();
    int result = compiler.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        errors.write(b);
      }
    }), arguments.toArray(String[]::new));
    assertEquals(0, result, errors.toString());
  }

  @Test
  void rustSamplesParse() throws Exception {
    run("rust", List.of("rustfmt", "--edition", "2021", "--emit", "stdout"), write("rust"));
  }

  @Test
  void phpSamplesParse() throws Exception {
    for (Path file : write("php")) {
      run("php", List.of("php", "-l"), List.of(file));
    }
  }

  @Test
  void rubySamplesParse() throws Exception {
    for (Path file : write("ruby")) {
      run("ruby", List.of("ruby", "-c"), List.of(file));
    }
  }

  @Test
  void goSamplesParse() throws Exception {
    run("go", List.of("gofmt", "-e", "-l"), write("go"));
  }

  private List<Path> write(String languageId) throws IOException {
    SampleLanguage language = SampleLanguage.all().stream().filter(l -> l.id().equals(languageId)).findFirst().orElseThrow();
    List<Path> files = new ArrayList<>();
    for (var it = samples.fields(); it.hasNext(); ) {
      var op = it.next();
      Path file = dir.resolve(op.getKey() + "." + language.extension());
      Files.writeString(file, op.getValue().path(languageId).asText(), StandardCharsets.UTF_8);
      files.add(file);
    }
    return files;
  }

  private static void run(String languageId, List<String> command, List<Path> files) throws Exception {
    if (!onPath(command.get(0))) {
      unavailable(languageId, command.get(0));
    }
    List<String> full = new ArrayList<>(command);
    files.forEach(f -> full.add(f.toString()));
    Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), languageId + " check finished");
    if (process.exitValue() != 0) {
      String text = new String(output, StandardCharsets.UTF_8);
      fail(languageId + " samples do not parse:\n" + text.substring(0, Math.min(text.length(), 4000)));
    }
  }

  private static void unavailable(String languageId, String what) {
    if (REQUIRED.contains(languageId)) {
      fail(languageId + " samples must be checked here, but " + what + " is not available");
    }
    Assumptions.abort(what + " is not on this machine");
  }

  private static boolean onPath(String command) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, command))) {
        return true;
      }
    }
    return false;
  }
}
