package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pages share one head, from the one layout, each with its own title and script. */
class PageTemplateTest {

  private static final Pattern HEAD = Pattern.compile("(?s)<head>\n(.*)</head>\n");

  @Test
  void everyPageHasTheSharedHeadAndItsOwn() {
    Map<String, String> pages = PageTemplate.all();

    assertThat(pages).containsOnlyKeys("index.html", "clusters.html", "pools.html", "hosts.html", "filer.html", "vms.html", "snapshots.html", "top.html",
        "health.html", "alarms.html", "events.html", "alerts.html", "status.html", "entity.html", "login.html");
    for (Map.Entry<String, String> e : pages.entrySet()) {
      String html = e.getValue();
      assertThat(html).as(e.getKey()).startsWith("<!doctype html>\n<html lang=\"en\">\n<head>\n").endsWith("</body>\n</html>\n");
      assertThat(count(html, "<head>")).as(e.getKey()).isEqualTo(1);
      assertThat(count(html, "<body")).as(e.getKey()).isEqualTo(1);
      Matcher m = HEAD.matcher(html);
      assertThat(m.find()).as(e.getKey()).isTrue();
      String head = m.group(1);
      assertThat(head).as(e.getKey())
          .contains("<meta charset=\"utf-8\">", "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
              "<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">")
          .contains("<title data-i18n=\"title.")
          // vscope's style sheet after the libraries' (uPlot's), which it overrides, and before the
          // page's script, which waits for it (the tables measure their rows with styles applied)
          .containsPattern("  <link rel=\"stylesheet\" href=\"css/vscope.css\">\n  <script type=\"module\" src=\"js/pages/[a-z]+\\.js\"></script>\n$");
      assertThat(count(head, "<meta charset")).as(e.getKey()).isEqualTo(1);
    }
    assertThat(pages.get("hosts.html")).contains("<script type=\"module\" src=\"js/pages/hosts.js\"></script>").contains("<div id=\"hosts\"></div>");
    assertThat(pages.get("index.html")).contains("js/pages/overview.js");
    assertThat(pages.get("entity.html").indexOf("uPlot.min.css")).isLessThan(pages.get("entity.html").indexOf("css/vscope.css"));
    assertThat(pages.get("login.html")).contains("css/login.css").contains("<body class=\"login-page\">").doesNotContain("topbar");
    for (String app : new String[] {"index.html", "clusters.html", "hosts.html", "filer.html", "vms.html", "snapshots.html", "top.html", "health.html",
        "alarms.html", "events.html", "alerts.html", "status.html", "entity.html"}) {
      assertThat(pages.get(app)).as(app).contains("<header id=\"topbar\" class=\"topbar\"></header>", "<div id=\"banners\"", "<main id=\"main\" tabindex=\"-1\">",
          "<div id=\"messages\" aria-live=\"polite\"></div>", "<noscript>");
    }
  }

  @Test
  void aPageIsItsHeadAndItsMainOrItsBody() {
    String layout = "<html>\n<head>\n  <meta>\n{{head}}\n  <link>\n{{scripts}}\n</head>\n{{body}}\n</html>\n";
    String app = "<body>\n  <header></header>\n  <main>\n{{main}}\n  </main>\n</body>\n";
    assertThat(PageTemplate.render(layout, app, "x.html",
        "<head>\n  <title>X</title>\n  <script src=\"x.js\"></script>\n  <link rel=\"stylesheet\" href=\"x.css\">\n</head>\n<main>\n    <h1>X</h1>\n</main>\n"))
        .isEqualTo("<html>\n<head>\n  <meta>\n  <title>X</title>\n  <link rel=\"stylesheet\" href=\"x.css\">\n  <link>\n  <script src=\"x.js\"></script>\n</head>\n"
            + "<body>\n  <header></header>\n  <main>\n    <h1>X</h1>\n  </main>\n</body>\n</html>\n");
    assertThat(PageTemplate.render(layout, app, "login.html", "<head>\n  <title>L</title>\n</head>\n<body class=\"l\">\n  <form></form>\n</body>\n"))
        .isEqualTo("<html>\n<head>\n  <meta>\n  <title>L</title>\n  <link>\n</head>\n<body class=\"l\">\n  <form></form>\n</body>\n</html>\n");
  }

  @Test
  void aPageOfAnotherShapeIsRefusedByName() {
    String layout = "<html>\n<head>\n{{head}}\n</head>\n{{body}}\n</html>\n";
    String app = "<body>\n{{main}}\n</body>\n";
    assertThatThrownBy(() -> PageTemplate.render(layout, app, "clusters.html", "<main>\n</main>\n")).hasMessageStartingWith("pages/clusters.html: it starts with <head>");
    assertThatThrownBy(() -> PageTemplate.render(layout, app, "clusters.html", "<head>\n</head>\n<div></div>\n"))
        .hasMessageStartingWith("pages/clusters.html: after its head comes <main>");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
