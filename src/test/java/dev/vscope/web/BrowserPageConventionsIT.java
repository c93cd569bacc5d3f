package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.testing.TestApp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The conventions every page keeps (issue 12), checked alike on the pages that issue brought:
 * Clusters, Top-N, Resource pools, the Filer and a cluster's own page, in a real Chromium.
 *
 * <ul>
 *   <li>Dark mode: with {@code prefers-color-scheme: dark} emulated through DevTools, the page
 *       turns dark (dark background, light text) and every text it shows, table cells first, has
 *       a contrast of at least 4.5:1 against what is behind it (WCAG AA for normal text), worked
 *       out here from the computed colors; the same in light mode.
 *   <li>A 400 px wide screen: the page never scrolls sideways, its table does inside its own box
 *       (its last column can be scrolled into that box), and every link of the header's
 *       navigation is on screen, big enough to tap, not covered, and leads to its page.
 *   <li>The keyboard alone: Tab from the top of the page reaches the filter box, then the table's
 *       head; typing filters to the rows whose names hold the text; Enter and Space on a column
 *       head sort by it one way then the other, in the order of the API's own figures. On Top-N,
 *       the metric and the range chosen with the arrow keys ask the question again; on a
 *       cluster's page, a range chosen with Enter fetches the series again.
 * </ul>
 */
class BrowserPageConventionsIT extends ChromiumTest {

  /** WCAG 2.x AA, normal text. */
  private static final double MIN_CONTRAST = 4.5;
  private static final int NARROW = 400;
  /** The Top-N question the page is opened with, and asked of the API. */
  private static final String TOP_QUESTION = "type=vm&metric=cpu.usage&range=hour&limit=20";

  private static String dc;
  private static String cluster;

  /**
   * A page under test. {@code table} is the element holding its table (null on a cluster's page),
   * {@code sortColumn} a numeric column whose API figure {@code field} (a JSON pointer) sorts it,
   * {@code key} the API field a row's {@code data-key} is.
   */
  record Page(String name, String table, String sortColumn, String field, String key) {

    String url() {
      return switch (name) {
        case "clusters" -> "clusters.html?dc=" + TestApp.enc(dc);
        case "top" -> "top.html?" + TOP_QUESTION + "&dc=" + TestApp.enc(dc);
        case "pools" -> "pools.html?cluster=" + TestApp.enc(cluster);
        case "filer" -> "filer.html?dc=" + TestApp.enc(dc);
        case "cluster" -> "entity.html?id=" + TestApp.enc(cluster);
        default -> throw new IllegalStateException(name);
      };
    }

    /** The rows the API answers for what the page shows. */
    List<JsonNode> rows() throws Exception {
      JsonNode answer = switch (name) {
        case "clusters" -> app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc(dc));
        case "top" -> app.getJson("/api/v1/top?" + TOP_QUESTION + "&scope=" + TestApp.enc(dc));
        case "pools" -> app.getJson("/api/v1/resourcePools?cluster=" + TestApp.enc(cluster));
        case "filer" -> app.getJson("/api/v1/datastores?datacenter=" + TestApp.enc(dc));
        default -> throw new IllegalStateException(name);
      };
      List<JsonNode> out = new ArrayList<>();
      // Top-N lists only the entities with a value
      answer.forEach(r -> {
        if (!name.equals("top") || r.path("value").isNumber()) {
          out.add(r);
        }
      });
      return out;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Page> tablePages() {
    return Stream.of(
        new Page("clusters", "#clusters", "cpu", "/cpuUsagePercent", "id"),
        new Page("top", "#top", "value", "/value", "entity"),
        new Page("pools", "#pools", "cpuReservation", "/cpuReservationMhz", "id"),
        new Page("filer", "#datastores", "free", "/freeBytes", "id"));
  }

  private static Page page(String name) {
    return tablePages().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  static Stream<Page> allPages() {
    return Stream.concat(tablePages(), Stream.of(new Page("cluster", null, null, null, null)));
  }

  @BeforeAll
  static void start() throws Exception {
    // two datacenters, so that the header shows its datacenter selector
    app = TestApp.start("-dc", "2", "-cluster", "3", "-host", "2", "-vm", "4", "-ds", "3");
    app.collectNow();
    browser = BrowserSession.start(app.baseUrl());
    dc = app.getJson("/api/v1/datacenters").get(0).path("id").asText();
    cluster = app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc(dc)).get(0).path("id").asText();
  }

  // ---------- dark mode ----------

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPages")
  void darkModeTurnsThePageDarkAndKeepsItReadable(Page page) {
    browser.open(page.url());
    double lightBackground = luminance(composite(background("body")));
    assertThat(lightBackground).as("light background").isGreaterThan(0.8);
    try {
      emulateColorScheme("dark");
      browser.open(page.url());
      assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches;")).isEqualTo(true);
      double background = luminance(composite(background("body")));
      double text = luminance(rgba(String.valueOf(browser.script("return getComputedStyle(document.body).color;"))));
      assertThat(background).as("dark background").isLessThan(0.05);
      assertThat(text).as("light text").isGreaterThan(0.5);
      String cells = page.table() != null ? page.table() + " table.data tbody td" : "#entity-props table.props td";
      assertThat(browser.findAll(cells)).isNotEmpty();
      assertThat(luminance(composite(background(cells)))).as("the table's cells are dark too").isLessThan(0.05);
      assertReadable(page);
    } finally {
      emulateColorScheme(null);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPages")
  void lightModeIsReadable(Page page) {
    browser.open(page.url());
    assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches;")).isEqualTo(false);
    assertReadable(page);
  }

  // ---------- narrow screens ----------

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPages")
  void aNarrowScreenScrollsTheTableNotThePageAndKeepsTheNavigation(Page page) {
    try {
      browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", NARROW, "height", 800, "deviceScaleFactor", 1, "mobile", true));
      browser.open(page.url());
      assertThat(((Number) browser.script("return window.innerWidth;")).intValue()).isEqualTo(NARROW);
      assertThat(((Number) browser.script("return document.documentElement.scrollWidth;")).intValue())
          .as("the page itself does not scroll sideways").isLessThanOrEqualTo(NARROW);

      if (page.table() != null) {
        // scrolled to its end, the table's box shows its last column (the head's rightmost cell:
        // under grouped columns the last in the DOM is not), and the page has not moved
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>) browser.script(
            "const wrap = document.querySelector(arguments[0] + ' .table-wrap');"
                + "const wider = wrap.scrollWidth > wrap.clientWidth + 1;"
                + "wrap.scrollLeft = wrap.scrollWidth;"
                + "const last = [...wrap.querySelectorAll('thead th')].map(th => th.getBoundingClientRect())"
                + "  .reduce((a, b) => (b.right > a.right ? b : a));"
                + "const w = wrap.getBoundingClientRect();"
                + "return {wider, scrolled: wrap.scrollLeft, left: w.left, right: w.right, lastLeft: last.left, lastRight: last.right,"
                + " overflow: getComputedStyle(wrap).overflowX, pageX: window.scrollX};",
            page.table());
        assertThat(num(box, "right")).as("the table's box fits the screen").isLessThanOrEqualTo(NARROW);
        assertThat(num(box, "left")).isGreaterThanOrEqualTo(0);
        assertThat(num(box, "lastRight")).as("the last column scrolls into the box").isLessThanOrEqualTo(num(box, "right") + 1);
        assertThat(num(box, "lastLeft")).as("the last column scrolls into the box").isGreaterThan(num(box, "left"));
        assertThat(num(box, "pageX")).as("the page did not scroll").isZero();
        if (Boolean.TRUE.equals(box.get("wider"))) {
          assertThat(box.get("overflow")).isIn("auto", "scroll");
          assertThat(num(box, "scrolled")).as("the box scrolls sideways").isPositive();
        }
      }

      // Every link of the navigation is on screen, tappable and on top; the datacenter selector too.
      browser.script("window.scrollTo(0, 0);");
      List<?> links = (List<?>) browser.script(
          "return [...document.querySelectorAll('#topbar nav a'), document.getElementById('dc-select')].map(a => {"
              + " const r = a.getBoundingClientRect();"
              + " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
              + " return [a.textContent || a.id, r.left, r.right, r.top, r.bottom, r.height, !!hit && (hit === a || a.contains(hit))]; });");
      assertThat(links).hasSize(NAV_EN.size() + 1);
      for (Object o : links) {
        List<?> l = (List<?>) o;
        String what = String.valueOf(l.get(0));
        assertThat(((Number) l.get(1)).doubleValue()).as(what + " left").isGreaterThanOrEqualTo(0);
        assertThat(((Number) l.get(2)).doubleValue()).as(what + " right").isLessThanOrEqualTo(NARROW);
        assertThat(((Number) l.get(3)).doubleValue()).as(what + " top").isGreaterThanOrEqualTo(0);
        assertThat(((Number) l.get(4)).doubleValue()).as(what + " bottom").isLessThanOrEqualTo(800);
        assertThat(((Number) l.get(5)).doubleValue()).as(what + " is 24 px high at least (WCAG 2.2 target size)").isGreaterThanOrEqualTo(24);
        assertThat(l.get(6)).as(what + " is not covered").isEqualTo(true);
      }
      browser.find("#topbar nav a[data-page='status.html']").click();
      browser.waitUntil(d -> d.getCurrentUrl().contains("status.html"));
      assertThat(browser.driver().getCurrentUrl()).contains("dc=" + TestApp.enc(dc));
    } finally {
      browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", BrowserSession.WIDTH, "height", BrowserSession.HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }
  }

  // ---------- keyboard ----------

  @ParameterizedTest(name = "{0}")
  @MethodSource("tablePages")
  void theKeyboardAloneFiltersAndSorts(Page page) throws Exception {
    List<JsonNode> rows = page.rows();
    assertThat(rows).as("rows to sort").hasSizeGreaterThan(1);
    Map<String, JsonNode> byKey = new HashMap<>();
    rows.forEach(r -> byKey.put(r.path(page.key()).asText(), r));
    assertThat(rows.stream().map(r -> r.at(page.field()).asDouble()).distinct().count())
        .as("the API's " + page.field() + " differs between rows, so the two orders differ").isGreaterThan(1);

    browser.open(page.url());
    String filter = page.table() + " .table-tools input[type='search']";
    List<String> passed = tabTo(filter);
    assertThat(passed).as("the navigation comes first").contains("a:" + NAV_EN.get(0));

    // type a name: the rows whose names hold it remain (a pool's name includes its parents')
    Map<String, String> names = names(page, rows);
    String term = fewestMatches(names);
    Set<String> expected = new HashSet<>();
    names.forEach((k, n) -> {
      if (n.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT))) {
        expected.add(k);
      }
    });
    assertThat(expected).as("'" + term + "' narrows the table").isNotEmpty().hasSizeLessThan(rows.size());
    keys(term);
    browser.waitUntil(d -> new HashSet<>(rowKeys(page)).equals(expected));
    assertThat(browser.find(page.table() + " .table-tools .count").getText()).startsWith(expected.size() + " of " + rows.size());
    keys(Keys.BACK_SPACE.toString().repeat(term.length()));
    browser.waitUntil(d -> rowKeys(page).size() == rows.size());

    // on to the column's head, past the toolbar and the head's other buttons
    String head = page.table() + " th[data-col='" + page.sortColumn() + "']";
    tabTo(head + " .sort-btn");
    keys(Keys.ENTER);
    String first = browser.waitUntil(d -> {
      String sort = browser.find(head).getDomAttribute("aria-sort");
      return sort.equals("none") ? null : sort;
    });
    assertOrdered(page, byKey, first.equals("descending"));
    assertThat(browser.script("return document.activeElement.closest('th') && document.activeElement.closest('th').dataset.col;"))
        .as("the focus stays on the head").isEqualTo(page.sortColumn());
    keys(Keys.SPACE);
    String second = first.equals("descending") ? "ascending" : "descending";
    browser.waitUntil(d -> second.equals(browser.find(head).getDomAttribute("aria-sort")));
    assertOrdered(page, byKey, second.equals("descending"));
  }

  @Test
  void topNAsksAgainWhenTheMetricOrRangeIsChosenWithTheKeyboard() throws Exception {
    browser.open(page("top").url());
    browser.script("window.__samePage = true;");
    tabTo("#q-metric");
    int loads = browser.loads();
    keys(Keys.ARROW_DOWN);
    browser.waitLoaded(loads + 1);
    String metric = String.valueOf(browser.script("return document.getElementById('q-metric').value;"));
    assertThat(metric).isNotEqualTo("cpu.usage");
    assertThat(browser.driver().getCurrentUrl()).contains("metric=" + TestApp.enc(metric));
    assertRanked("type=vm&metric=" + TestApp.enc(metric) + "&range=hour&limit=20");
    assertThat(browser.script("return document.activeElement.id;")).as("the focus stays on the metric").isEqualTo("q-metric");

    keys(Keys.TAB);
    assertThat(browser.script("return document.activeElement.id;")).isEqualTo("q-range");
    loads = browser.loads();
    keys(Keys.ARROW_DOWN);
    browser.waitLoaded(loads + 1);
    assertThat(browser.driver().getCurrentUrl()).contains("range=day");
    assertRanked("type=vm&metric=" + TestApp.enc(metric) + "&range=day&limit=20");
    assertThat(browser.script("return document.activeElement.id;")).as("the focus stays on the range").isEqualTo("q-range");
    assertThat(browser.script("return window.__samePage === true;")).as("asked in place").isEqualTo(true);
  }

  @Test
  void aClusterPageTakesItsRangeFromTheKeyboard() {
    browser.open("entity.html?id=" + TestApp.enc(cluster));
    browser.script("window.__asked = []; const orig = window.fetch;"
        + "window.fetch = (url, ...rest) => { window.__asked.push(String(url)); return orig(url, ...rest); };");
    tabTo("#ranges button[data-range='week']");
    keys(Keys.ENTER);
    browser.waitUntil(d -> "true".equals(browser.find("#ranges button[data-range='week']").getDomAttribute("aria-pressed")));
    assertThat(browser.driver().getCurrentUrl()).contains("range=week");
    browser.waitUntil(d -> ((List<?>) browser.script("return window.__asked;")).stream()
        .anyMatch(u -> String.valueOf(u).contains("series") && String.valueOf(u).contains("range=week")));
  }

  // ---------- helpers ----------

  /** The rows of the Top-N table are, in order, those the API ranks for this question. */
  private static void assertRanked(String question) throws Exception {
    List<String> expected = new ArrayList<>();
    app.getJson("/api/v1/top?" + question + "&scope=" + TestApp.enc(dc)).forEach(r -> {
      if (r.path("value").isNumber()) {
        expected.add(r.path("entity").asText());
      }
    });
    assertThat(rowKeys(page("top"))).containsExactlyElementsOf(expected);
  }

  /** The rows' figures, looked up in the API's answer by their keys, run the given way; unknown ones last. */
  private static void assertOrdered(Page page, Map<String, JsonNode> byKey, boolean descending) {
    List<String> keys = rowKeys(page);
    assertThat(keys).hasSize(byKey.size());
    List<Double> values = new ArrayList<>();
    for (String k : keys) {
      JsonNode v = byKey.get(k).at(page.field());
      values.add(v.isNumber() ? v.asDouble() : null);
    }
    for (int i = 1; i < values.size(); i++) {
      Double a = values.get(i - 1);
      Double b = values.get(i);
      String why = page.field() + " " + (descending ? "descending" : "ascending") + ": " + values;
      if (a == null) {
        assertThat(b).as(why).isNull();
      } else if (b != null) {
        assertThat(descending ? a >= b : a <= b).as(why).isTrue();
      }
    }
  }

  /** What the page shows as each row's name, by key: a pool's path of names, the others' name. */
  private static Map<String, String> names(Page page, List<JsonNode> rows) {
    Map<String, String> byId = new HashMap<>();
    Map<String, String> parents = new HashMap<>();
    for (JsonNode r : rows) {
      byId.put(r.path(page.key()).asText(), r.path("name").asText());
      parents.put(r.path(page.key()).asText(), r.path("parent").asText(null));
    }
    Map<String, String> out = new HashMap<>();
    for (String k : byId.keySet()) {
      StringBuilder path = new StringBuilder(byId.get(k));
      for (String p = parents.get(k); page.name().equals("pools") && p != null && byId.containsKey(p); p = parents.get(p)) {
        path.insert(0, byId.get(p) + " / ");
      }
      out.put(k, path.toString());
    }
    return out;
  }

  /** The name that the fewest rows' names hold. */
  private static String fewestMatches(Map<String, String> names) {
    String best = null;
    long fewest = Long.MAX_VALUE;
    for (String k : names.keySet().stream().sorted().toList()) {
      String term = names.get(k).contains(" / ") ? names.get(k).substring(names.get(k).lastIndexOf(" / ") + 3) : names.get(k);
      long n = names.values().stream().filter(v -> v.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT))).count();
      if (n < fewest) {
        fewest = n;
        best = term;
      }
    }
    return best;
  }

  private static List<String> rowKeys(Page page) {
    return browser.findAll(page.table() + " table.data tbody tr[data-key]").stream().map(e -> e.getDomAttribute("data-key")).toList();
  }

  /** Keys typed where the focus is. */
  private static void keys(CharSequence... keys) {
    new Actions(browser.driver()).sendKeys(keys).perform();
  }

  /**
   * Presses Tab until the focus is on an element matching {@code css}, at most 80 times from where
   * the focus is (the top of a page just opened); returns what the focus passed on the way
   * ({@code "a:Overview"}, {@code "select:dc-select"}).
   */
  private static List<String> tabTo(String css) {
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      keys(Keys.TAB);
      Object at = browser.script("const e = document.activeElement;"
          + "if (e && e.matches(arguments[0])) return null;"
          + "return e ? e.tagName.toLowerCase() + ':' + (e.id || e.textContent.trim().slice(0, 30)) : 'none';", css);
      if (at == null) {
        return passed;
      }
      passed.add(String.valueOf(at));
    }
    throw new AssertionError("Tab never reached " + css + "; it went through " + passed);
  }

  private static void emulateColorScheme(String scheme) {
    browser.driver().executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", scheme == null ? List.of() : List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /**
   * Every text the page shows in its header and main part (rendered, not for screen readers
   * only), with its color and the backgrounds behind it from its own up to the first opaque one.
   */
  private static final String TEXTS = "const out = [];"
      + "const own = (e) => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());"
      + "const chain = (e) => { const c = []; for (let n = e; n; n = n.parentElement) {"
      + "  const b = getComputedStyle(n).backgroundColor; c.push(b); if (b.startsWith('rgb(')) break; } return c; };"
      + "for (const root of [document.getElementById('topbar'), document.querySelector('main')]) {"
      + "  for (const e of [root, ...root.querySelectorAll('*')]) {"
      + "    if (['SCRIPT', 'STYLE', 'OPTION', 'CANVAS'].includes(e.tagName)) continue;"
      + "    const field = e.tagName === 'SELECT' || (e.tagName === 'INPUT' && e.value && e.type !== 'checkbox');"
      + "    if (!field && !own(e)) continue;"
      + "    const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
      + "    if (r.width === 0 || r.height === 0 || s.visibility !== 'visible' || e.closest('.sr-only')) continue;"
      + "    const text = field ? (e.value || '') : e.textContent.trim();"
      + "    const what = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
      + "      + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '')"
      + "      + ' \"' + text.slice(0, 30) + '\"';"
      + "    out.push([what, s.color, chain(e)]);"
      + "  }"
      + "}"
      + "return out;";

  /** Every text of the page reads at {@link #MIN_CONTRAST} or better against its background. */
  private static void assertReadable(Page page) {
    List<?> texts = (List<?>) browser.script(TEXTS);
    if (page.table() != null) {
      assertThat(browser.findAll(page.table() + " table.data tbody td")).isNotEmpty();
    }
    assertThat(texts).hasSizeGreaterThan(20);
    List<String> poor = new ArrayList<>();
    for (Object o : texts) {
      List<?> t = (List<?>) o;
      List<String> backgrounds = ((List<?>) t.get(2)).stream().map(String::valueOf).toList();
      double[] bg = composite(backgrounds);
      double[] fg = over(rgba(String.valueOf(t.get(1))), bg);
      double ratio = contrast(fg, bg);
      if (ratio < MIN_CONTRAST) {
        poor.add(String.format(Locale.ROOT, "%s: %s on %s = %.2f", t.get(0), t.get(1), backgrounds, ratio));
      }
    }
    assertThat(poor).as("texts under " + MIN_CONTRAST + ":1").isEmpty();
  }

  /** The backgrounds from an element (the first matching {@code css}) up to the first opaque one. */
  private static List<String> background(String css) {
    return ((List<?>) browser.script("const c = []; for (let n = document.querySelector(arguments[0]); n; n = n.parentElement) {"
        + " const b = getComputedStyle(n).backgroundColor; c.push(b); if (b.startsWith('rgb(')) break; } return c;", css))
        .stream().map(String::valueOf).toList();
  }

  /** The color the backgrounds make together, the innermost on top; the page's canvas is assumed opaque. */
  private static double[] composite(List<String> backgrounds) {
    double[] out = rgba(backgrounds.get(backgrounds.size() - 1));
    assertThat(out[3]).as("an opaque background behind " + backgrounds).isEqualTo(1.0);
    for (int i = backgrounds.size() - 2; i >= 0; i--) {
      out = over(rgba(backgrounds.get(i)), out);
    }
    return out;
  }

  /** {@code top} drawn over the opaque {@code below}. */
  private static double[] over(double[] top, double[] below) {
    double a = top[3];
    return new double[] {a * top[0] + (1 - a) * below[0], a * top[1] + (1 - a) * below[1], a * top[2] + (1 - a) * below[2], 1};
  }

  /** {@code rgb(r, g, b)} or {@code rgba(r, g, b, a)} as {r, g, b, a}, channels 0–255. */
  static double[] rgba(String css) {
    assertThat(css).as("a color as Chromium computes it").matches("rgba?\\([^)]*\\)");
    String[] parts = css.substring(css.indexOf('(') + 1, css.indexOf(')')).split("\\s*,\\s*");
    return new double[] {
        Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), parts.length > 3 ? Double.parseDouble(parts[3]) : 1};
  }

  /** WCAG 2.x relative luminance of an sRGB color. */
  static double luminance(double[] rgb) {
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double s = rgb[i] / 255.0;
      c[i] = s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  /** WCAG 2.x contrast ratio, from 1 to 21. */
  static double contrast(double[] a, double[] b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double num(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).doubleValue();
  }
}
