package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The Resource pools page in a real Chromium, reached from the Clusters page: the tree indented
 * in its order, each pool's figures as the API answers them, sort and filter, the CSV with each
 * pool's path, and a clear message without a cluster.
 */
class BrowserPoolsIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String dc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "2", "-host", "2", "-vm", "8");
    browser = BrowserSession.start(app.baseUrl());
    dc = app.getJson("/api/v1/datacenters").get(0).path("id").asText();
  }

  @Override
  protected Predicate<String> expectedConsoleErrors() {
    return m -> m.contains("status of 400");
  }

  /** Opens the first cluster's pools from the Clusters page; returns the cluster's API row. */
  private static JsonNode openFromClusters() throws Exception {
    browser.open("clusters.html");
    String name = browser.findAll("table.data tbody td[data-col='name']").get(0).getText();
    JsonNode cluster = null;
    for (JsonNode c : app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc(dc))) {
      if (c.path("name").asText().equals(name)) {
        cluster = c;
      }
    }
    browser.findAll("table.data tbody td[data-col='pools'] a").get(0).click();
    browser.waitUntil(d -> d.getCurrentUrl().contains("pools.html"));
    browser.waitLoaded(1);
    return cluster;
  }

  @Test
  void theTreeAsTheApiAnswersIt() throws Exception {
    JsonNode cluster = openFromClusters();
    assertThat(browser.driver().getCurrentUrl()).contains("cluster=" + TestApp.enc(cluster.path("id").asText()));
    assertThat(browser.find("h1").getText()).isEqualTo("Resource pools");
    assertThat(browser.find("#pools-cluster").getText()).startsWith(cluster.path("name").asText());
    assertThat(browser.find("#topbar nav a[aria-current='page']").getText()).isEqualTo("Clusters");

    JsonNode pools = app.getJson("/api/v1/resourcePools?cluster=" + TestApp.enc(cluster.path("id").asText()));
    assertThat(pools.size()).isEqualTo(4);
    List<WebElement> names = browser.findAll("table.data tbody td[data-col='name']");
    assertThat(names).extracting(WebElement::getText).isEqualTo(List.of(
        pools.get(0).path("name").asText(), pools.get(1).path("name").asText(), pools.get(2).path("name").asText(), pools.get(3).path("name").asText()));
    // the tree's depth shows as indentation
    List<Double> indent = new ArrayList<>();
    for (WebElement n : names) {
      indent.add(((Number) browser.script("return parseFloat(getComputedStyle(arguments[0].querySelector('.pool-name')).paddingInlineStart);", n)).doubleValue());
    }
    for (int i = 0; i < pools.size(); i++) {
      assertThat(indent.get(i)).as(pools.get(i).path("name").asText()).isEqualTo(indent.get(0) + pools.get(i).path("depth").asInt() * indent.get(1) / pools.get(1).path("depth").asInt());
    }
    assertThat(indent.get(2)).isGreaterThan(indent.get(1)).isGreaterThan(indent.get(0));

    for (JsonNode p : pools) {
      String row = "table.data tbody tr[data-key='" + p.path("id").asText() + "'] ";
      assertThat(browser.find(row + "td[data-col='cpuReservation']").getText())
          .isEqualTo(String.format(Locale.US, "%,d MHz", p.path("cpuReservationMhz").asLong()));
      String limit = browser.find(row + "td[data-col='cpuLimit']").getText();
      if (p.path("cpuLimitMhz").isNull()) {
        assertThat(limit).isEqualTo("Unlimited");
      } else {
        assertThat(limit).isEqualTo(String.format(Locale.US, "%,d MHz", p.path("cpuLimitMhz").asLong()));
      }
      String level = p.path("memSharesLevel").asText();
      assertThat(browser.find(row + "td[data-col='memShares']").getText())
          .isEqualTo(level.substring(0, 1).toUpperCase(Locale.ROOT) + level.substring(1) + String.format(Locale.US, " (%,d)", p.path("memShares").asInt()));
      assertThat(browser.find(row + "td[data-col='memExpandable']").getText()).isEqualTo(p.path("memExpandableReservation").asBoolean() ? "Yes" : "No");
      assertThat(browser.find(row + "td[data-col='vms']").getText()).isEqualTo(p.path("vms").asText());
      List<String> vmNames = new ArrayList<>();
      p.path("vmList").forEach(v -> vmNames.add(v.path("name").asText()));
      assertThat(browser.findAll(row + "td[data-col='vmList'] a")).extracting(WebElement::getText).isEqualTo(vmNames);
    }
  }

  @Test
  void sortFilterAndCsv() throws Exception {
    JsonNode cluster = openFromClusters();
    JsonNode pools = app.getJson("/api/v1/resourcePools?cluster=" + TestApp.enc(cluster.path("id").asText()));
    Map<String, String> paths = new HashMap<>();
    for (JsonNode p : pools) {
      String parent = p.path("parent").isNull() ? null : paths.get(p.path("parent").asText());
      paths.put(p.path("id").asText(), parent == null ? p.path("name").asText() : parent + " / " + p.path("name").asText());
    }

    int loads = browser.loads();
    browser.find("th[data-col='cpuReservation'] button").click();
    // numbers sort largest first
    assertThat(browser.find("th[data-col='cpuReservation']").getDomAttribute("aria-sort")).isEqualTo("descending");
    assertThat(browser.driver().getCurrentUrl()).contains("sort=-cpuReservation");
    List<Long> shown = new ArrayList<>();
    for (WebElement tr : browser.findAll("table.data tbody tr[data-key]")) {
      for (JsonNode p : pools) {
        if (p.path("id").asText().equals(tr.getDomAttribute("data-key"))) {
          shown.add(p.path("cpuReservationMhz").asLong());
        }
      }
    }
    assertThat(shown).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(browser.loads()).isEqualTo(loads);

    WebElement filter = browser.find(".table-tools input[type='search']");
    filter.sendKeys("Databases");
    browser.waitUntil(d -> browser.findAll("table.data tbody td[data-col='name']").size() == 1);
    assertThat(browser.find(".table-tools .count").getText()).isEqualTo("1 of 4 pools");
    filter.clear();
    filter.sendKeys(" ");
    filter.clear();
    browser.waitUntil(d -> browser.findAll("table.data tbody td[data-col='name']").size() == 4);

    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    String csv = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(lines.get(0)).startsWith("Pool,").contains("Reservation").contains("MHz").contains("bytes");
    assertThat(lines.subList(1, lines.size())).hasSize(4);
    List<String> firstColumn = lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList();
    assertThat(firstColumn).containsExactlyInAnyOrderElementsOf(paths.values());
    assertThat(firstColumn).anyMatch(p -> p.split(" / ").length == 3);
  }

  @Test
  void withoutAClusterThePageSaysWhere() {
    browser.open("pools.html");
    assertThat(browser.find("body").getDomAttribute("data-state")).isEqualTo("error");
    assertThat(browser.find("#messages .banner").getText()).contains("Clusters page");
  }
}
