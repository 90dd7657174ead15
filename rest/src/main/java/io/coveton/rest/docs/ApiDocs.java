package io.coveton.rest.docs;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API's description and reference page as the build wrote them (classpath
 * {@code coveton-docs/}), with the documented base URL replaced by this server's public one, so
 * that the document's {@code servers} and every sample on the page name the server they came from.
 */
public final class ApiDocs {
  static final String DOCUMENTED_BASE_URL = "https://api.coveton.com";
  private static final String FOLDER = "coveton-docs/";

  /** A file to serve: its bytes and its media type. */
  public record Asset(Buffer body, String contentType) {}

  private final Map<String, Asset> assets;

  private ApiDocs(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** Reads every file once; {@code publicApiUrl} without a trailing slash. */
  public static ApiDocs load(String publicApiUrl) {
    Map<String, Asset> assets = new LinkedHashMap<>();
    assets.put("openapi.json", read("openapi.json", "application/json", publicApiUrl));
    assets.put("openapi.yaml", read("openapi.yaml", "application/yaml; charset=utf-8", publicApiUrl));
    assets.put("asyncapi.json", read("asyncapi.json", "application/json", null));
    assets.put("asyncapi.yaml", read("asyncapi.yaml", "application/yaml; charset=utf-8", null));
    assets.put("index.html", read("index.html", "text/html; charset=utf-8", publicApiUrl));
    assets.put("docs.css", read("docs.css", "text/css; charset=utf-8", null));
    assets.put("docs.js", read("docs.js", "text/javascript; charset=utf-8", null));
    return new ApiDocs(assets);
  }

  public Asset asset(String name) {
    return assets.get(name);
  }

  private static Asset read(String name, String contentType, String baseUrl) {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("the build did not write " + FOLDER + name + " (run mvn package)");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (baseUrl != null) {
        text = text.replace(DOCUMENTED_BASE_URL, baseUrl);
      }
      return new Asset(Buffer.buffer(text), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
