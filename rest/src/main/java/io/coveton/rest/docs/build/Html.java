package io.coveton.rest.docs.build;

import io.coveton.shared.text.HtmlText;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** Escaping and Markdown for the reference page. Markdown sources are the project's own; raw HTML in them is escaped. */
final class Html {
  private final Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
  private final HtmlRenderer renderer = HtmlRenderer.builder().extensions(List.of(TablesExtension.create()))
      .escapeHtml(true).sanitizeUrls(true).build();

  String markdown(String source) {
    return source == null || source.isBlank() ? "" : renderer.render(parser.parse(source));
  }

  static String escape(String text) {
    return HtmlText.escape(text);
  }

  /** An id usable in a URL fragment. */
  static String anchor(String text) {
    return text.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
