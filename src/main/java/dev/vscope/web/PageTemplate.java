package dev.vscope.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The HTML pages, made from one template (issue 15). {@code /pages/_layout.html} holds the head
 * every page shares (character set, viewport, icon, the style sheet) and {@code _app.html} the
 * body around the dashboard's pages (skip link, header, banners, {@code <main>}, the note for
 * browsers without JavaScript). Each other file of {@code /pages} holds only what is its own: a
 * {@code <head>} with its title, its script and the style sheets it needs besides, then either the content of its {@code <main>} in a {@code
 * <main>} element, or a whole {@code <body>} of its own (the login form). A new page is a new file
 * there; nothing else lists them.
 *
 * <p>A page's own style sheets come before vscope's, which may override them (uPlot's), and its
 * scripts after: a module script waits for the style sheets placed before it, so the pages lay out
 * and measure (the tables' row heights) with their styles applied.
 *
 * <p>Made once, at start: a page that does not have that shape stops the start, naming the file.
 */
final class PageTemplate {

  static final String DIR = "pages";
  static final String LAYOUT = "_layout.html";
  static final String APP = "_app.html";

  private PageTemplate() {}

  /** Every page by its file name ({@code hosts.html}), made from the classpath's {@code /pages}. */
  static Map<String, String> all() {
    String layout = resource(LAYOUT);
    String app = resource(APP);
    Map<String, String> out = new TreeMap<>();
    for (String name : names()) {
      out.put(name, render(layout, app, name, resource(name)));
    }
    return out;
  }

  /** The layout with the page's own head elements and its body (or its main part in the app's body) in their places. */
  static String render(String layout, String app, String name, String page) {
    String open = "<head>\n";
    String close = "</head>\n";
    int end = page.indexOf(close);
    if (!page.startsWith(open) || end < 0) {
      throw shape(name, "it starts with <head> (its own head elements) and ends it with </head>");
    }
    StringBuilder head = new StringBuilder();
    StringBuilder scripts = new StringBuilder();
    for (String line : page.substring(open.length(), end).split("(?<=\n)")) {
      (line.strip().startsWith("<script") ? scripts : head).append(line);
    }
    String rest = page.substring(end + close.length()).stripLeading();
    String body;
    if (rest.startsWith("<main>\n") && rest.endsWith("</main>\n")) {
      body = app.replace("{{main}}\n", rest.substring("<main>\n".length(), rest.length() - "</main>\n".length()));
    } else if (rest.startsWith("<body") && rest.endsWith("</body>\n")) {
      body = rest;
    } else {
      throw shape(name, "after its head comes <main>…</main> (the content of the dashboard's <main>) or a whole <body>…</body>");
    }
    return layout.replace("{{head}}\n", head).replace("{{scripts}}\n", scripts).replace("{{body}}\n", body);
  }

  private static IllegalStateException shape(String name, String rule) {
    return new IllegalStateException(DIR + "/" + name + ": " + rule);
  }

  private static String resource(String name) {
    try (InputStream in = PageTemplate.class.getResourceAsStream("/" + DIR + "/" + name)) {
      if (in == null) {
        throw new IllegalStateException(DIR + "/" + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DIR + "/" + name, e);
    }
  }

  /** The pages' file names, from the jar vscope runs from or from its classes directory. */
  private static java.util.List<String> names() {
    try {
      Path source = Path.of(PageTemplate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(source)) {
        return list(source.resolve(DIR));
      }
      try (FileSystem jar = FileSystems.newFileSystem(source)) {
        return list(jar.getPath("/" + DIR));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the pages", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the pages: " + e.getMessage(), e);
    }
  }

  private static java.util.List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html") && !n.startsWith("_")).sorted().toList();
    }
  }
}
