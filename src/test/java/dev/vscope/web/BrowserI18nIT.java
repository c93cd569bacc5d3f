package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * The pages in French and in English (issue 17), in a real Chromium started with {@code --lang}:
 * the words, the number and date formats of the overview, the tables and a chart's axes (read from
 * what uPlot draws on its canvas), the API's error message, the CSV, and the switch in the header,
 * which acts in place and is remembered over a reload. Saves the French screenshot of the README.
 */
class BrowserI18nIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A space as Intl writes it between a number and its unit or "%": no-break, narrow or not. */
  private static final String NBSP = "[\u00a0\u202f ]";
  /** Records every text drawn on a canvas: the only way to read uPlot's axis labels. */
  private static final String RECORD_CANVAS_TEXT = "window.__drawn = [];"
      + "const fillText = CanvasRenderingContext2D.prototype.fillText;"
      + "CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) { window.__drawn.push(String(text)); return fillText.call(this, text, ...rest); };";

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1");
    // A second cycle gives the perf counters a previous sample, so that rates and charts have values.
    app.collectNow();
    browser = start("fr-FR");
  }

  @Override
  protected Predicate<String> expectedConsoleErrors() {
    return m -> m.contains("status of 404");
  }

  @Test
  void aFrenchBrowserGetsFrenchWordsAndFrenchFormats() throws Exception {
    browser.open("index.html");
    assertThat(browser.script("return document.documentElement.lang;")).isEqualTo("fr");
    assertThat(browser.findAll("#topbar nav a")).extracting(WebElement::getText).containsExactlyElementsOf(NAV_FR);
    assertThat(browser.find("h1").getText()).isEqualTo("Vue d’ensemble");
    assertThat(browser.find("#page-refreshed").getText()).matches("\\d\\d:\\d\\d:\\d\\d");
    assertThat(browser.find("#data-age").getText()).matches("\\(il y a \\d+" + NBSP + "s\\)");
    assertThat(browser.findAll("#totals .meter-text")).extracting(WebElement::getText).isNotEmpty().allMatch(t -> t.matches("\\d+,\\d" + NBSP + "%"));
    assertThat(browser.find("#totals").getText()).contains("Cœurs").contains("Réseau entrant").containsPattern("\\d+(,\\d+)?" + NBSP + "(Ko|Mo)/s");

    browser.open("hosts.html");
    assertThat(headers(browser)).contains("Nom", "Cœurs", "Mémoire", "Graphiques");
    assertThat(columnTexts(browser, "cpu")).isNotEmpty().allMatch(t -> t.matches("\\d+,\\d" + NBSP + "%"));
    assertThat(browser.find(".table-tools .count").getText()).matches("(\\d+) sur \\1 hôtes?");
    browser.open("clusters.html");
    assertThat(headers(browser)).contains("Nom", "Cœurs", "Mémoire %", "VM restantes", "Graphiques");
    assertThat(browser.find("label[for='plan-target']").getText()).isEqualTo("Utilisation cible (%)");
    assertThat(columnTexts(browser, "ratio")).isNotEmpty().allMatch(t -> t.matches("\\d+,\\d:1"));
    assertThat(browser.find(".table-tools .count").getText()).matches("(\\d+) clusters? sur \\1");
    browser.open("vms.html");
    assertThat(columnTexts(browser, "memory")).isNotEmpty().allMatch(t -> t.matches("\\d+(,\\d)?" + NBSP + "(Gio|Mio)"));
    assertThat(columnTexts(browser, "power")).contains("Sous tension");

    List<String> drawn = chartTexts(browser);
    assertThat(drawn).as("time ticks, 24 h").anyMatch(t -> t.matches("\\d{1,2}:\\d\\d")).noneMatch(t -> t.matches(".*\\d" + NBSP + "?[AP]M"));
    assertThat(drawn).as("percent ticks").anyMatch(t -> t.matches("\\d+(,\\d+)?" + NBSP + "%"));
    assertThat(drawn).as("no dot decimals").noneMatch(t -> t.matches("\\d+\\.\\d+.*"));
    assertThat(browser.find(".u-legend").getText()).contains("moy.").contains("max.");
    assertThat(browser.findAll("#ranges button")).extracting(WebElement::getText).contains("Heure", "Jour", "Semaine");
  }

  @Test
  void anAmericanBrowserGetsEnglishWordsAndAmericanFormats() throws Exception {
    try (BrowserSession english = start("en-US")) {
      english.open("index.html");
      assertThat(english.script("return document.documentElement.lang;")).isEqualTo("en");
      assertThat(english.findAll("#topbar nav a")).extracting(WebElement::getText).containsExactlyElementsOf(NAV_EN);
      assertThat(english.find("#page-refreshed").getText()).matches("\\d{1,2}:\\d\\d:\\d\\d" + NBSP + "[AP]M");
      assertThat(english.find("#data-age").getText()).matches("\\(\\d+ sec\\. ago\\)");
      assertThat(english.findAll("#totals .meter-text")).extracting(WebElement::getText).isNotEmpty().allMatch(t -> t.matches("\\d+\\.\\d%"));

      english.open("hosts.html");
      assertThat(headers(english)).contains("Name", "Cores", "RAM", "Graphs");
      assertThat(columnTexts(english, "cpu")).isNotEmpty().allMatch(t -> t.matches("\\d+\\.\\d%"));
      assertThat(english.find(".table-tools .count").getText()).matches("(\\d+) of \\1 hosts?");

      List<String> drawn = chartTexts(english);
      assertThat(drawn).as("time ticks, 12 h").anyMatch(t -> t.matches("\\d{1,2}:\\d\\d" + NBSP + "[AP]M"));
      assertThat(drawn).as("percent ticks").anyMatch(t -> t.matches("\\d+(\\.\\d+)?%"));
      assertThat(drawn).as("no comma decimals").noneMatch(t -> t.matches("\\d+,\\d+.*"));
      assertThat(english.find(".u-legend").getText()).contains("avg").contains("max");
      assertThat(english.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
    }
  }

  @Test
  void theHeaderSwitchActsInPlaceAndIsRemembered() {
    browser.open("hosts.html");
    browser.script("window.__samePage = true;");
    int loads = browser.loads();
    new Select(browser.find("#lang-select")).selectByValue("en");
    browser.waitUntil(d -> browser.find("#topbar nav a").getText().equals("Overview"));
    browser.waitLoaded(loads + 1);
    assertThat(browser.script("return window.__samePage === true;")).as("switched in place, not reloaded").isEqualTo(true);
    assertThat(browser.script("return document.documentElement.lang;")).isEqualTo("en");
    assertThat(browser.find("h1").getText()).isEqualTo("Hosts");
    assertThat(headers(browser)).contains("Name", "Cores");
    assertThat(browser.find(".table-tools .count").getText()).contains(" of ");
    assertThat(columnTexts(browser, "cpu")).isNotEmpty().allMatch(t -> t.matches("\\d+\\.\\d%"));

    browser.open("hosts.html");
    assertThat(browser.find("#topbar nav a").getText()).as("remembered over a reload, against the browser's French").isEqualTo("Overview");
    assertThat(headers(browser)).contains("Cores");

    new Select(browser.find("#lang-select")).selectByValue("fr");
    browser.waitUntil(d -> browser.find("#topbar nav a").getText().equals("Vue d’ensemble"));
    assertThat(headers(browser)).contains("Cœurs");
    browser.open("hosts.html");
    assertThat(browser.find("#topbar nav a").getText()).isEqualTo("Vue d’ensemble");
  }

  @Test
  void apiErrorsReachAFrenchReaderInFrench() {
    browser.open("entity.html?id=" + TestApp.enc("nope:vm-0"));
    assertThat(browser.find("body").getDomAttribute("data-state")).isEqualTo("error");
    assertThat(browser.find("#messages .banner").getText()).contains("Impossible de charger cet objet").contains("objet nope:vm-0 introuvable");
  }

  @Test
  void frenchCsvHasFrenchHeadersAndMachineReadableNumbers() throws Exception {
    browser.open("hosts.html");
    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools .btn").click();
    String csv = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(lines.get(0)).startsWith("Nom,Cluster,État,Cœurs,Threads,vCPU,vCPU:cœur,VM,CPU (%),Mémoire (%),"
        + "Pression mémoire Ballon (octets),Pression mémoire Échangée (octets),Pression mémoire Compressée (octets),"
        + "Réseau Entrant (Ko/s),Réseau Sortant (Ko/s)");
    int cpu = List.of(lines.get(0).split(",")).indexOf("CPU (%)");
    assertThat(lines.subList(1, lines.size())).isNotEmpty().allSatisfy(l -> assertThat(l.split(",")[cpu]).matches("\\d+(\\.\\d+)?"));
  }

  @Test
  void screenshotInFrench() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "docs", "screenshots");
    browser.open("index.html");
    browser.screenshot(dir.resolve("overview-fr.png"));
    assertThat(dir.resolve("overview-fr.png")).isNotEmptyFile();
  }

  // ---------- helpers ----------

  private static BrowserSession start(String lang) throws IOException {
    BrowserSession browser = BrowserSession.start(app.baseUrl(), lang);
    browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_CANVAS_TEXT));
    return browser;
  }

  /** The texts uPlot drew on the charts of a host's detail page (hour range), once every chart has data. */
  @SuppressWarnings("unchecked")
  private static List<String> chartTexts(BrowserSession browser) throws Exception {
    browser.open("entity.html?range=hour&id=" + TestApp.enc(firstId("hosts")));
    browser.waitUntil(d -> browser.findAll("#charts .chart-stats").stream().noneMatch(s -> s.getText().equals("…")));
    return (List<String>) browser.script("return window.__drawn;");
  }

  private static List<String> headers(BrowserSession browser) {
    return browser.findAll("table.data thead th").stream().map(WebElement::getText).toList();
  }

  private static List<String> columnTexts(BrowserSession browser, String column) {
    return browser.findAll("table.data tbody td[data-col='" + column + "']").stream().map(WebElement::getText).filter(t -> !t.equals("—")).toList();
  }

  private static String firstId(String what) throws IOException, InterruptedException {
    String dc = app.getJson("/api/v1/datacenters").get(0).path("id").asText();
    return app.getJson("/api/v1/" + what + "?datacenter=" + TestApp.enc(dc)).get(0).path("id").asText();
  }
}
