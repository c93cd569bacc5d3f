package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.SpaceHistory;
import dev.vscope.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The Filer's capacity and performance columns and a datastore's page in a real Chromium (issue
 * 12): days until full with its cue, or the reason in words; overcommit and IOPS as the API
 * answers them; sorting and CSV of the new columns; the datastore page's table of its VMs, linked
 * to them; the same words in French, the reasons for no number included (a month of space that the
 * test made flat, falling or cleaned up three days ago).
 */
class BrowserFilerIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MutableClock clock = new MutableClock(Instant.now());

  private static String growing;
  private static String idle;
  /** Datastores whose month of space is flat, falling, or cleaned up three days ago, by reason code. */
  private static final Map<String, String> noTrend = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(clock, "-dc", "1", "-cluster", "1", "-host", "2", "-standalone-host", "0", "-vm", "4", "-ds", "6");
    JsonNode ds = app.simulator().model().path("datacenters").get(0).path("datastores");
    growing = "sim:" + ds.get(0).path("moid").asText();
    idle = "sim:" + ds.get(1).path("moid").asText();
    // the third is inaccessible; the others have the free space their lines need
    noTrend.put("sim:" + ds.get(5).path("moid").asText(), "flat");
    noTrend.put("sim:" + ds.get(3).path("moid").asText(), "falling");
    noTrend.put("sim:" + ds.get(4).path("moid").asText(), "recent_drop");
    long capacity = ds.get(0).path("capacityBytes").asLong();
    // the free space lasts 20 days: under the 30 days that earn a cue
    double growth = ds.get(0).path("freeBytes").asLong() / 20.0;
    SpaceHistory.month(app, clock, Map.of(
        growing, new SpaceHistory.Line(capacity, day -> 0.05 * capacity + growth * day),
        "sim:" + ds.get(5).path("moid").asText(), SpaceHistory.flat(ds.get(5).path("capacityBytes").asLong(), ds.get(5).path("freeBytes").asLong()),
        "sim:" + ds.get(3).path("moid").asText(), SpaceHistory.falling(ds.get(3).path("capacityBytes").asLong(), ds.get(3).path("freeBytes").asLong()),
        "sim:" + ds.get(4).path("moid").asText(), SpaceHistory.recentDrop(ds.get(4).path("capacityBytes").asLong(), ds.get(4).path("freeBytes").asLong())));
    assertThat(app.collectNow()).isTrue();
    browser = BrowserSession.start(app.baseUrl());
  }

  @Test
  void daysUntilFullOvercommitAndIopsShowWhatTheApiAnswers() throws Exception {
    Map<String, JsonNode> rows = new HashMap<>();
    app.getJson("/api/v1/datastores").forEach(d -> rows.put(d.path("id").asText(), d));
    browser.open("filer.html");
    String g = "table.data tbody tr[data-key='" + growing + "'] ";
    String i = "table.data tbody tr[data-key='" + idle + "'] ";
    assertThat(rows.get(growing).path("daysUntilFull").asDouble()).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(browser.find(g + "td[data-col='daysUntilFull']").getText()).endsWith(String.format(Locale.US, "%.0f d", rows.get(growing).path("daysUntilFull").asDouble()));
    assertThat(browser.findAll(g + "td[data-col='daysUntilFull'] .cue.warn")).as("under 30 days: a warning").hasSize(1);
    assertThat(browser.findAll(i + "td[data-col='daysUntilFull'] .cue")).isEmpty();
    WebElement why = browser.find(i + "td[data-col='daysUntilFull'] .why");
    assertThat(why.getText()).isEqualTo("Too new");
    assertThat(why.getDomAttribute("title")).isEqualTo("Less than a week of space history: no trend yet");
    for (String id : List.of(growing, idle)) {
      String row = "table.data tbody tr[data-key='" + id + "'] ";
      JsonNode d = rows.get(id);
      assertThat(browser.find(row + "td[data-col='overcommit']").getText()).endsWith(String.format(Locale.US, "%.1f%%", d.path("overcommitPercent").asDouble()));
      assertThat(browser.find(row + "td[data-col='readIops']").getText()).isEqualTo(iops(d.path("readIops").asDouble()));
      assertThat(browser.find(row + "td[data-col='writeIops']").getText()).isEqualTo(iops(d.path("writeIops").asDouble()));
    }
    assertThat(headers()).contains("Full in", "Prov. %", "IOPS");
  }

  @Test
  void whyThereIsNoNumberIsSaidInWords() throws Exception {
    Map<String, JsonNode> rows = new HashMap<>();
    app.getJson("/api/v1/datastores").forEach(d -> rows.put(d.path("id").asText(), d));
    browser.open("filer.html");
    // each reason in a word, and at more length on hover
    Map<String, List<String>> words = Map.of(
        "flat", List.of("Stable", "Used space does not grow over the last 30 days"),
        "falling", List.of("Shrinking", "Used space shrinks over the last 30 days"),
        "recent_drop", List.of("Cleaned up", "Used space fell recently (a cleanup); the trend needs a week of history after it"));
    for (Map.Entry<String, String> e : noTrend.entrySet()) {
      assertThat(rows.get(e.getKey()).path("daysUntilFullReason").asText()).as(rows.get(e.getKey()).toString()).isEqualTo(e.getValue());
      WebElement why = browser.find("table.data tbody tr[data-key='" + e.getKey() + "'] td[data-col='daysUntilFull'] .why");
      assertThat(why.getText()).isEqualTo(words.get(e.getValue()).get(0));
      assertThat(why.getDomAttribute("title")).isEqualTo(words.get(e.getValue()).get(1));
    }
  }

  @Test
  void theNewColumnsSortAndExport() throws Exception {
    browser.open("filer.html");
    browser.find("th[data-col='daysUntilFull'] button").click();
    // numbers first, highest first; the datastores without a number last whichever the direction
    assertThat(rowKeys()).hasSize(6).first().isEqualTo(growing);
    browser.find("th[data-col='daysUntilFull'] button").click();
    assertThat(rowKeys()).hasSize(6).first().isEqualTo(growing);
    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    String csv = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
    List<String> lines = List.of(csv.split("\r\n"));
    List<String> header = List.of(lines.get(0).split(","));
    assertThat(header).contains("Full in (days)", "Prov. % (%)");
    int days = header.indexOf("Full in (days)");
    JsonNode g = null;
    for (JsonNode d : app.getJson("/api/v1/datastores")) {
      if (d.path("id").asText().equals(growing)) {
        g = d;
      }
    }
    assertThat(Double.parseDouble(cells(lines.get(1))[days])).isEqualTo(g.path("daysUntilFull").asDouble());
    for (String line : lines.subList(2, lines.size())) {
      assertThat(cells(line)[days]).as(line).isEmpty();
    }
  }

  @Test
  void aDatastorePageListsItsVmsLinkedToThem() throws Exception {
    JsonNode vms = app.getJson("/api/v1/datastores/vms?datastore=" + URLEncoder.encode(growing, StandardCharsets.UTF_8));
    assertThat(vms.size()).isPositive();
    browser.open("entity.html?id=" + URLEncoder.encode(growing, StandardCharsets.UTF_8));
    assertThat(browser.find("#datastore-vms").isDisplayed()).isTrue();
    assertThat(browser.find("#dsvms-title").getText()).isEqualTo("VMs on this datastore");
    List<WebElement> names = browser.findAll("#datastore-vms table.data tbody td[data-col='name'] a");
    assertThat(names).hasSize(vms.size());
    Map<String, JsonNode> byId = new HashMap<>();
    vms.forEach(v -> byId.put(v.path("id").asText(), v));
    for (WebElement row : browser.findAll("#datastore-vms table.data tbody tr")) {
      JsonNode v = byId.get(row.getDomAttribute("data-key"));
      assertThat(v).isNotNull();
      assertThat(row.findElement(org.openqa.selenium.By.cssSelector("td[data-col='name']")).getText()).isEqualTo(v.path("name").asText());
      assertThat(row.findElement(org.openqa.selenium.By.cssSelector("td[data-col='committedBytes']")).getText()).isNotEqualTo("—");
    }
    assertThat(browser.find("#entity-props").getText()).contains("Full in").contains("Provisioned ÷ capacity");
    String first = names.get(0).getText();
    names.get(0).click();
    browser.waitUntil(d -> !d.getCurrentUrl().contains(URLEncoder.encode(growing, StandardCharsets.UTF_8)));
    browser.waitLoaded(1);
    assertThat(browser.find("#entity-title").getText()).startsWith(first).contains("VM");
    assertThat(browser.find("#datastore-vms").isDisplayed()).as("a VM's page has no such table").isFalse();
  }

  @Test
  void theWordsAreFrenchInFrench() throws Exception {
    try (BrowserSession french = BrowserSession.start(app.baseUrl(), "fr-FR")) {
      french.open("filer.html");
      List<String> heads = french.findAll("table.data thead th").stream().map(WebElement::getText).toList();
      assertThat(heads).contains("Pleine dans", "% prov.", "IOPS");
      assertThat(french.find("table.data tbody tr[data-key='" + idle + "'] td[data-col='daysUntilFull'] .why").getText()).isEqualTo("Trop récente");
      Map<String, List<String>> mots = Map.of(
          "flat", List.of("Stable", "L’espace utilisé ne croît pas sur les 30 derniers jours"),
          "falling", List.of("En baisse", "L’espace utilisé diminue sur les 30 derniers jours"),
          "recent_drop", List.of("Nettoyée", "L’espace utilisé a chuté récemment (un nettoyage) ; la tendance demande une semaine d’historique depuis"));
      for (Map.Entry<String, String> e : noTrend.entrySet()) {
        WebElement why = french.find("table.data tbody tr[data-key='" + e.getKey() + "'] td[data-col='daysUntilFull'] .why");
        assertThat(why.getText()).isEqualTo(mots.get(e.getValue()).get(0));
        assertThat(why.getDomAttribute("title")).isEqualTo(mots.get(e.getValue()).get(1));
      }
      assertThat(french.find("table.data tbody tr[data-key='" + growing + "'] td[data-col='daysUntilFull']").getText()).endsWith("j");
      french.open("entity.html?id=" + URLEncoder.encode(growing, StandardCharsets.UTF_8));
      assertThat(french.find("#dsvms-title").getText()).isEqualTo("VM sur cette banque de données");
      assertThat(french.findAll("#datastore-vms table.data thead th").stream().map(WebElement::getText).toList()).contains("Non partagé", "Latence disque");
    }
  }

  /** A CSV line's cells: commas inside quotes (a datastore "Accessible, In maintenance") do not split. */
  private static String[] cells(String line) {
    return line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
  }

  private static String iops(double v) {
    return String.format(Locale.US, v < 10 ? "%,.1f" : "%,.0f", v);
  }

  private static List<String> headers() {
    return browser.findAll("table.data thead th").stream().map(WebElement::getText).toList();
  }

  private static List<String> rowKeys() {
    return browser.findAll("table.data tbody tr[data-key]").stream().map(e -> e.getDomAttribute("data-key")).toList();
  }
}
