package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The shared table with more rows than fit, in a real Chromium (about 300 VMs): only the rows in view
 * are in the DOM, yet scrolling reaches every row in order, and sorting, filtering, the count, CSV
 * export, threshold cues, the in-place refresh and the keyboard act on all rows. {@link BrowserIT}
 * covers the pages themselves on an inventory small enough to render whole.
 */
class BrowserTableIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Rows that carry data; spacer rows (standing for the rows not rendered) have no key. */
  private static final String ROWS = "table.data tbody tr[data-key]";
  /** [aria-rowindex, name, host, vCPUs, tools status cell class] of each rendered row, top to bottom. */
  private static final String RENDERED = "return [...document.querySelectorAll(\"" + ROWS + "\")].map(tr => ["
      + "Number(tr.getAttribute('aria-rowindex')), tr.querySelector(\"td[data-col='name']\").textContent,"
      + "tr.querySelector(\"td[data-col='host']\").textContent, tr.querySelector(\"td[data-col='vcpus']\").textContent,"
      + "tr.querySelector(\"td[data-col='toolsStatus']\").className]);";
  /** Two header rows: the VMs table groups columns. */
  private static final int HEAD_ROWS = 2;

  private static List<JsonNode> vms;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "2", "-host", "3", "-vm", "150", "-standalone-host", "0");
    app.collectNow();
    browser = BrowserSession.start(app.baseUrl());
    vms = new ArrayList<>();
    JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/vms")).build(), HttpResponse.BodyHandlers.ofString()).body())
        .forEach(vms::add);
    assertThat(vms).hasSizeGreaterThan(250);
  }

  @Test
  void rendersOnlyTheRowsInViewAndScrollingReachesEveryRowInOrder() {
    browser.open("vms.html");
    int total = vms.size();
    assertThat(browser.find(".table-tools .count").getText()).isEqualTo(total + " of " + total + " VMs");
    assertThat(browser.find("table.data").getDomAttribute("aria-rowcount")).isEqualTo(String.valueOf(HEAD_ROWS + total));
    List<Row> first = rendered();
    assertThat(first.size()).as("rows in the DOM").isBetween(10, 80);
    assertThat(first.get(0).index).isEqualTo(HEAD_ROWS + 1);

    // Scroll through the whole table half a view at a time: every row shows up once, in name order.
    Map<Integer, String> seen = new TreeMap<>();
    scrollThrough(r -> assertThat(seen.put(r.index, r.name)).as("row " + r.index + " stays the same row").isIn(null, r.name));
    assertThat(seen.keySet()).containsExactlyElementsOf(range(HEAD_ROWS + 1, HEAD_ROWS + total));
    List<String> names = new ArrayList<>(seen.values());
    assertThat(names).containsExactlyInAnyOrderElementsOf(vms.stream().map(v -> v.path("name").asText()).toList());
    assertThat(names).isSortedAccordingTo(BrowserTableIT::natural);

    // At the bottom, the last row is rendered and in view: the API's last VM in name order.
    String lastByName = vms.stream().map(v -> v.path("name").asText()).max(BrowserTableIT::natural).orElseThrow();
    scrollTable(1_000_000);
    List<Row> last = rendered();
    assertThat(last.get(last.size() - 1).index).isEqualTo(HEAD_ROWS + total);
    assertThat(last.get(last.size() - 1).name).isEqualTo(lastByName);
    assertThat((Boolean) browser.script("const w = document.querySelector('.table-wrap').getBoundingClientRect();"
        + "const rows = document.querySelectorAll(\"" + ROWS + "\"); const r = rows[rows.length - 1].getBoundingClientRect();"
        + "return r.top >= w.top && r.bottom <= w.bottom + 1;")).as("last row inside the box").isTrue();
  }

  @Test
  void sortingActsOnAllRows() {
    browser.open("vms.html");
    browser.find("th[data-col='vcpus'] button").click();
    int max = vms.stream().mapToInt(v -> v.path("numCpu").asInt()).max().orElseThrow();
    int min = vms.stream().mapToInt(v -> v.path("numCpu").asInt()).min().orElseThrow();
    long maxCount = vms.stream().filter(v -> v.path("numCpu").asInt() == max).count();
    assertThat(maxCount).as("the largest VMs are fewer than the rows").isLessThan(vms.size());
    scrollTable(0);
    assertThat(Integer.parseInt(rendered().get(0).vcpus)).isEqualTo(max);
    scrollTable(1_000_000);
    List<Row> bottom = rendered();
    assertThat(Integer.parseInt(bottom.get(bottom.size() - 1).vcpus)).isEqualTo(min);
    assertThat(bottom.stream().map(r -> Integer.parseInt(r.vcpus)).toList()).isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void filterCountAndCsvCoverAllMatchingRows() throws Exception {
    browser.open("vms.html");
    Map<String, Long> perHost = vms.stream().collect(Collectors.groupingBy(v -> v.path("hostName").asText(), Collectors.counting()));
    String host = perHost.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    List<JsonNode> onHost = vms.stream().filter(v -> v.path("hostName").asText().equals(host)).toList();
    browser.find(".table-tools input[type='search']").sendKeys(host);
    browser.waitUntil(d -> browser.find(".table-tools .count").getText().equals(onHost.size() + " of " + vms.size() + " VMs"));
    List<Row> shown = rendered();
    assertThat(shown.size()).as("more matches than rendered rows").isLessThan(onHost.size());
    assertThat(shown).allMatch(r -> r.host.equals(host));

    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    String csv = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(lines.subList(1, lines.size())).hasSize(onHost.size()).allMatch(l -> l.split(",")[1].equals(host));
    Set<String> csvNames = new HashSet<>();
    lines.subList(1, lines.size()).forEach(l -> csvNames.add(l.split(",")[0]));
    assertThat(csvNames).containsExactlyInAnyOrderElementsOf(onHost.stream().map(v -> v.path("name").asText()).toList());
  }

  @Test
  void thresholdCuesOnEveryRowRenderedByScrolling() {
    browser.open("vms.html");
    Map<String, JsonNode> byName = new HashMap<>();
    vms.forEach(v -> byName.put(v.path("name").asText(), v));
    Set<String> flagged = new HashSet<>();
    scrollThrough(r -> {
      JsonNode v = byName.get(r.name);
      boolean toolsDown = v.path("powerState").asText().equals("poweredOn") && !v.path("toolsRunningStatus").asText().equals("guestToolsRunning");
      assertThat(r.toolsClass.contains("warn")).as(r.name + " tools cue").isEqualTo(toolsDown);
      if (toolsDown) {
        flagged.add(r.name);
      }
    });
    long expected = vms.stream().filter(v -> v.path("powerState").asText().equals("poweredOn")
        && !v.path("toolsRunningStatus").asText().equals("guestToolsRunning")).count();
    assertThat(expected).as("the simulator has running VMs without tools").isPositive();
    assertThat(flagged).hasSize((int) expected);
  }

  @Test
  void refreshKeepsTheScrollPositionAndTheRowsInView() throws Exception {
    browser.open("vms.html");
    scrollTable(3_000);
    long top = (Long) browser.script("return Math.round(document.querySelector('.table-wrap').scrollTop);");
    List<Row> before = rendered();
    assertThat(before.get(0).index).isGreaterThan(HEAD_ROWS + 50);
    assertThat(app.collectNow()).isTrue();
    int loads = browser.loads();
    browser.find("#refresh-now").click();
    browser.waitLoaded(loads + 1);
    assertThat(browser.script("return Math.round(document.querySelector('.table-wrap').scrollTop);")).isEqualTo(top);
    assertThat(rendered()).extracting(r -> r.index + " " + r.name).isEqualTo(before.stream().map(r -> r.index + " " + r.name).toList());
  }

  @Test
  void keyboardFocusSurvivesScrollingAndTabWalksPastTheRenderedRows() {
    browser.open("vms.html");
    String name = (String) browser.script("const a = document.querySelectorAll(\"" + ROWS + " td[data-col='name'] a\")[2]; a.focus(); return a.textContent;");
    scrollTable(6_000);
    List<Row> far = rendered();
    assertThat(far.get(0).index).as("the focused row stays rendered").isEqualTo(HEAD_ROWS + 3);
    assertThat(far.get(1).index).as("then the rows in view").isGreaterThan(HEAD_ROWS + 100);
    assertThat(browser.script("return document.activeElement.textContent;")).as("focused link kept while scrolled away").isEqualTo(name);

    // From the first row, Tab through 40 rows (name, host and graphs links each), past the rows first rendered.
    scrollTable(0);
    assertThat(rendered()).extracting(Row::index).doesNotContain(HEAD_ROWS + 41);
    browser.script("document.querySelector(\"" + ROWS + " td[data-col='name'] a\").focus();");
    for (int i = 0; i < 40; i++) {
      new Actions(browser.driver()).sendKeys(Keys.TAB, Keys.TAB, Keys.TAB).perform();
    }
    assertThat(browser.script("const tr = document.activeElement.closest('tr'); return tr ? tr.getAttribute('aria-rowindex') : null;"))
        .as("row of the focused link").isEqualTo(String.valueOf(HEAD_ROWS + 41));
    assertThat(browser.script("return document.activeElement.closest('td').dataset.col;")).isEqualTo("name");
  }

  @Test
  void onAPhoneThePageScrollsAndReachesTheLastRow() {
    browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 800, "deviceScaleFactor", 1, "mobile", true));
    try {
      browser.open("vms.html");
      assertThat(rendered().size()).isLessThan(100);
      browser.asyncScript("const done = arguments[arguments.length - 1]; window.scrollTo(0, document.documentElement.scrollHeight);"
          + "requestAnimationFrame(() => requestAnimationFrame(() => done(null)));");
      List<Row> bottom = rendered();
      assertThat(bottom.get(bottom.size() - 1).index).isEqualTo(HEAD_ROWS + vms.size());
      assertThat((Boolean) browser.script("const rows = document.querySelectorAll(\"" + ROWS + "\");"
          + "const r = rows[rows.length - 1].getBoundingClientRect(); return r.bottom <= document.documentElement.clientHeight + 1 && r.bottom > 0;"))
          .as("last row in the viewport").isTrue();
    } finally {
      browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", BrowserSession.WIDTH, "height", BrowserSession.HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }
  }

  // ---------- helpers ----------

  /** One rendered row of the VMs table. */
  private record Row(int index, String name, String host, String vcpus, String toolsClass) {}

  private static List<Row> rendered() {
    List<Row> out = new ArrayList<>();
    for (Object o : (List<?>) browser.script(RENDERED)) {
      List<?> r = (List<?>) o;
      out.add(new Row(((Number) r.get(0)).intValue(), (String) r.get(1), (String) r.get(2), (String) r.get(3), String.valueOf(r.get(4))));
    }
    return out;
  }

  /** Scrolls the table from top to bottom half a view at a time, giving each rendered row to {@code check}. */
  private static void scrollThrough(Consumer<Row> check) {
    long height = (Long) browser.script("return document.querySelector('.table-wrap').scrollHeight;");
    long step = (Long) browser.script("return Math.floor(document.querySelector('.table-wrap').clientHeight / 2);");
    assertThat(step).isPositive();
    for (long y = 0; y <= height; y += step) {
      scrollTable(y);
      rendered().forEach(check);
    }
  }

  /** Scrolls the table's box and waits two frames: the rows in view are rendered by then. */
  private static void scrollTable(long top) {
    browser.asyncScript("const done = arguments[arguments.length - 1]; document.querySelector('.table-wrap').scrollTop = arguments[0];"
        + "requestAnimationFrame(() => requestAnimationFrame(() => done(null)));", top);
  }

  /**
   * The data model alone (table-model.js), without the renderer or a table in the DOM: sort with
   * unknown values last and ties in input order, a filter of words searched in text columns only,
   * the sort and filter handed to the state it was given, and the CSV of exactly the rows shown.
   */
  @Test
  void dataModelSortsFiltersAndExportsWithoutTheRenderer() throws Exception {
    browser.open("vms.html");
    String before = (String) browser.script("return location.search;");
    // Returned as JSON: the WebDriver transport turns CR LF in a returned string into LF.
    JsonNode r = JSON.readTree((String) browser.asyncScript("""
        const done = arguments[arguments.length - 1];
        import('/js/table-model.js').then(({ TableModel }) => {
          const rows = [
            { id: 'a', name: 'web-10', host: 'esx2', cpu: 12.3456, net: 5 },
            { id: 'b', name: 'web-9', host: 'esx1', cpu: null, net: 7 },
            { id: 'c', name: '\u00c9mile', host: 'esx1', cpu: 80, net: null },
            { id: 'd', name: 'db', host: 'esx2 web', cpu: 12.3456, net: 1 },
          ];
          const columns = [
            { id: 'name', label: 'vms.col.name', value: (v) => v.name, text: (v) => v.name },
            { id: 'host', label: 'vms.col.host', value: (v) => v.host, text: (v) => v.host },
            { id: 'cpu', label: 'vms.col.cpu', unit: 'csv.unit.percent', numeric: true, value: (v) => v.cpu, text: (v) => String(v.cpu) },
            { id: 'net', group: 'col.group.network', label: 'vms.col.netRx', unit: 'csv.unit.KBps', numeric: true, value: (v) => v.net, text: (v) => String(v.net) },
            { id: 'graphs', label: 'vms.col.graphs', sortable: false, csv: false, filter: false, value: () => null, text: () => 'graphs' },
          ];
          const kept = [];
          const state = { get: (name) => ({ sort: '-cpu', q: '' })[name] || null, set: (params) => kept.push(params) };
          const m = new TableModel(columns, { sort: 'name', state });
          m.setRows(rows);
          const ids = () => m.apply().map((v) => v.id);
          const col = (id) => columns.find((c) => c.id === id);
          const out = { fromState: ids(), sortOf: [m.sortOf(col('cpu')), m.sortOf(col('name'))] };
          m.sortBy(col('cpu'));
          out.reversed = ids();
          m.sortBy(col('name'));
          out.byName = ids();
          m.setFilter('  WEB  esx2 ');
          out.filtered = ids();
          out.csvFiltered = m.csv();
          m.setFilter('80');
          out.numbersNotSearched = ids();
          m.setFilter('graphs');
          out.unfilterable = ids();
          m.setFilter('');
          m.sortBy(col('cpu'));
          out.numericFirstDescending = ids();
          out.csvAll = m.csv();
          out.kept = kept;
          const alone = new TableModel(columns);
          alone.setRows(rows);
          alone.sortBy(col('net'));
          alone.setFilter('web');
          out.alone = alone.apply().map((v) => v.id);
          done(JSON.stringify(out));
        });
        """));

    assertThat(ids(r, "fromState")).as("the state's sort wins over the page's").containsExactly("c", "a", "d", "b");
    assertThat(ids(r, "sortOf")).containsExactly("descending", "none");
    assertThat(ids(r, "reversed")).as("unknown last both ways; ties in input order").containsExactly("a", "d", "c", "b");
    assertThat(ids(r, "byName")).as("natural order, accents ignored").containsExactly("d", "c", "b", "a");
    assertThat(ids(r, "filtered")).as("every word, in any text column").containsExactly("d", "a");
    assertThat(r.path("csvFiltered").asText()).isEqualTo("Name,Host,CPU (%),Network In (KB/s)\r\n"
        + "db,esx2 web,12.346,1\r\n"
        + "web-10,esx2,12.346,5\r\n");
    assertThat(ids(r, "numbersNotSearched")).isEmpty();
    assertThat(ids(r, "unfilterable")).isEmpty();
    assertThat(ids(r, "numericFirstDescending")).containsExactly("c", "a", "d", "b");
    assertThat(r.path("csvAll").asText()).isEqualTo("Name,Host,CPU (%),Network In (KB/s)\r\n"
        + "\u00c9mile,esx1,80,\r\n"
        + "web-10,esx2,12.346,5\r\n"
        + "db,esx2 web,12.346,1\r\n"
        + "web-9,esx1,,7\r\n");
    assertThat(r.path("kept").toString()).isEqualTo("[{\"sort\":\"cpu\"},{\"sort\":\"name\"},{\"q\":\"WEB  esx2\"},{\"q\":\"80\"},"
        + "{\"q\":\"graphs\"},{\"q\":null},{\"sort\":\"-cpu\"}]");
    assertThat(ids(r, "alone")).as("without a state: nothing kept, the page's URL untouched").containsExactly("b", "a", "d");
    assertThat(browser.script("return location.search;")).isEqualTo(before);
  }

  private static List<String> ids(JsonNode result, String field) {
    List<String> out = new ArrayList<>();
    result.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

  /** Names as the table orders them: digit runs by value, the rest ignoring case. */
  private static int natural(String a, String b) {
    Matcher x = CHUNK.matcher(a);
    Matcher y = CHUNK.matcher(b);
    while (x.find() && y.find()) {
      String p = x.group();
      String q = y.group();
      int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
          ? Long.compare(Long.parseLong(p), Long.parseLong(q))
          : p.toLowerCase(Locale.ROOT).compareTo(q.toLowerCase(Locale.ROOT));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
