package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Clusters page in a real Chromium: it shows what the API answers for each cluster, applies
 * the target and N+1 set above the table and keeps them in the URL, exports its rows, stays within
 * a narrow screen, and each row leads to the cluster's graphs.
 */
class BrowserClustersIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String dc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "3", "-host", "3", "-vm", "8");
    app.collectNow();
    browser = BrowserSession.start(app.baseUrl());
    dc = app.getJson("/api/v1/datacenters").get(0).path("id").asText();
  }

  @Test
  void eachRowShowsWhatTheApiAnswers() throws Exception {
    browser.open("clusters.html");
    assertThat(browser.find("h1").getText()).isEqualTo("Clusters");
    assertThat(browser.find("#topbar nav a[aria-current='page']").getText()).isEqualTo("Clusters");
    JsonNode rows = app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc(dc));
    assertThat(rows.size()).isEqualTo(3);
    assertShows(rows);
    assertThat(browser.find(".table-tools .count").getText()).isEqualTo("3 of 3 clusters");
    JsonNode first = byName(rows, columnTexts("name").get(0));
    String row = "table.data tbody tr[data-key='" + first.path("id").asText() + "'] ";
    assertThat(browser.find(row + "td[data-col='ratio']").getText()).isEqualTo(String.format(java.util.Locale.US, "%.1f:1", first.path("vcpuPerCore").asDouble()));
    assertThat(browser.find(row + "td[data-col='ha']").getText()).isEqualTo(first.path("haEnabled").asBoolean() ? "Yes" : "No");
    assertThat(browser.find(row + "td[data-col='n1'] .badge").getText()).isEqualTo(first.path("nPlusOne").path("holds").asBoolean() ? "Holds" : "Short");
  }

  /** vRAM allocated is over the hosts' physical memory, as the model sums it, not over the effective memory. */
  @Test
  void vramPercentIsOverThePhysicalMemory() throws Exception {
    browser.open("clusters.html");
    boolean effectiveWouldDiffer = false;
    for (JsonNode m : app.simulator().model().path("datacenters").get(0).path("clusters")) {
      String row = "table.data tbody tr[data-key='sim:" + m.path("moid").asText() + "'] ";
      double allocated = m.path("memAllocatedMB").asDouble() * 1024 * 1024;
      double overPhysical = 100 * allocated / m.path("physicalMemoryBytes").asDouble();
      double overEffective = 100 * allocated / (m.path("effectiveMemoryMB").asDouble() * 1024 * 1024);
      String shown = browser.find(row + "td[data-col='vramPercent']").getText();
      assertThat(shown).as(m.path("name").asText()).isEqualTo(String.format(java.util.Locale.US, "%.1f%%", overPhysical));
      effectiveWouldDiffer |= !shown.equals(String.format(java.util.Locale.US, "%.1f%%", overEffective));
    }
    // the last cluster has a host disconnected and one in maintenance, which the effective memory leaves out
    assertThat(effectiveWouldDiffer).isTrue();
  }

  @Test
  void targetAndNPlusOneAreAppliedAndKeptInTheUrl() throws Exception {
    browser.open("clusters.html");
    WebElement target = browser.find("#plan-target");
    assertThat(target.getDomProperty("value")).isEqualTo("80");

    int loads = browser.loads();
    target.clear();
    target.sendKeys("60", Keys.TAB);
    browser.waitLoaded(loads + 1);
    assertThat(browser.driver().getCurrentUrl()).contains("target=60");
    assertShows(app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc(dc) + "&target=60"));

    loads = browser.loads();
    browser.find("#plan-nplus1").click();
    browser.waitLoaded(loads + 1);
    assertThat(browser.driver().getCurrentUrl()).contains("nplus1=true");
    JsonNode planned = app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc(dc) + "&target=60&nplus1=true");
    assertShows(planned);
    assertThat(planned.toString()).isNotEqualTo(app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc(dc)).toString());

    // A value out of range is flagged and not asked for.
    loads = browser.loads();
    target = browser.find("#plan-target");
    target.clear();
    target.sendKeys("0", Keys.TAB);
    assertThat(target.getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.driver().getCurrentUrl()).contains("target=60");
    assertThat(browser.loads()).isEqualTo(loads);

    // The URL carries the plan: a reload shows the same.
    browser.driver().navigate().refresh();
    browser.waitLoaded(1);
    assertThat(browser.find("#plan-target").getDomProperty("value")).isEqualTo("60");
    assertThat(browser.find("#plan-nplus1").isSelected()).isTrue();
    assertShows(planned);
  }

  @Test
  void csvExportHasEveryRow() throws Exception {
    browser.open("clusters.html");
    List<String> names = columnTexts("name");
    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    String csv = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(lines.get(0)).startsWith("Name,").contains("N+1").doesNotContain("Graphs");
    assertThat(lines.subList(1, lines.size())).hasSize(names.size());
    for (int i = 0; i < names.size(); i++) {
      assertThat(lines.get(i + 1)).startsWith(names.get(i) + ",");
    }
  }

  @Test
  void aNarrowScreenScrollsTheTableNotThePage() {
    try {
      browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
          java.util.Map.of("width", 400, "height", 800, "deviceScaleFactor", 1, "mobile", true));
      browser.open("clusters.html");
      assertThat(columnTexts("name")).hasSize(3);
      Number page = (Number) browser.script("return document.documentElement.scrollWidth;");
      assertThat(page.intValue()).as("the page itself does not scroll sideways").isLessThanOrEqualTo(400);
      assertThat(browser.find("#plan-target").isDisplayed()).isTrue();
    } finally {
      browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
          java.util.Map.of("width", BrowserSession.WIDTH, "height", BrowserSession.HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }
  }

  @Test
  void aRowLeadsToTheClusterGraphs() throws Exception {
    browser.open("clusters.html");
    String name = columnTexts("name").get(0);
    browser.find("table.data tbody td[data-col='name'] a").click();
    browser.waitUntil(d -> d.getCurrentUrl().contains("entity.html"));
    browser.waitLoaded(1);
    assertThat(browser.find("#entity-title").getText()).startsWith(name).contains("Cluster");
    assertThat(browser.findAll("#charts .chart canvas")).hasSize(2);
    assertThat(browser.find("#entity-crumbs a").getDomAttribute("href")).startsWith("clusters.html");
    assertThat(browser.find("#entity-props").getText()).contains("Effective CPU").contains("N+1 (largest host down)");
  }

  /** The VMs-left and CPU columns show the rows' values, matched by name. */
  private static void assertShows(JsonNode rows) {
    List<String> names = columnTexts("name");
    assertThat(names).hasSize(rows.size());
    List<String> left = columnTexts("vmsLeft");
    List<String> cpu = columnTexts("cpu");
    List<String> expectedLeft = new ArrayList<>();
    List<String> expectedCpu = new ArrayList<>();
    for (String n : names) {
      JsonNode r = byName(rows, n);
      expectedLeft.add(String.format(java.util.Locale.US, "%,d", r.path("capacity").path("vmsLeft").asInt()));
      expectedCpu.add(String.format(java.util.Locale.US, "%.1f%%", r.path("cpuUsagePercent").asDouble()));
    }
    assertThat(left).isEqualTo(expectedLeft);
    assertThat(cpu).isEqualTo(expectedCpu);
  }

  private static JsonNode byName(JsonNode rows, String name) {
    for (JsonNode r : rows) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no cluster " + name + " in " + rows);
  }

  private static List<String> columnTexts(String column) {
    return browser.findAll("table.data tbody td[data-col='" + column + "']").stream().map(WebElement::getText).toList();
  }
}
