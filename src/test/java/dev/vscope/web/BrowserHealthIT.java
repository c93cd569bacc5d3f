package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * The Health page and the overview's failing checks in a real Chromium (issue 13): the checks in
 * the API's order with their severity and count, one table row per problem linking to its entity,
 * a failing check's title narrowing the table, the CSV, the overview's links, French, and names
 * from vCenter shown as text.
 */
class BrowserHealthIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String dc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "2", "-host", "3", "-standalone-host", "1", "-vm", "6", "-ds", "4");
    browser = BrowserSession.start(app.baseUrl());
    dc = app.getJson("/api/v1/datacenters").get(0).path("id").asText();
  }

  static JsonNode checks() throws Exception {
    return app.getJson("/api/v1/health?datacenter=" + TestApp.enc(dc));
  }

  static List<String> column(String col) {
    return browser.findAll("table.data tbody td[data-col='" + col + "']").stream().map(WebElement::getText).toList();
  }

  @Test
  void theChecksFailingFirstAndOneRowPerProblem() throws Exception {
    JsonNode checks = checks();
    browser.open("health.html");
    assertThat(browser.find("h1").getText()).isEqualTo("Health");
    assertThat(browser.find("#topbar nav a[aria-current='page']").getText()).isEqualTo("Health");

    List<WebElement> items = browser.findAll("#checks li.check");
    assertThat(items).hasSize(checks.size());
    int problems = 0;
    for (int i = 0; i < checks.size(); i++) {
      JsonNode c = checks.get(i);
      WebElement item = items.get(i);
      assertThat(item.getDomAttribute("data-check")).isEqualTo(c.path("check").asText());
      assertThat(item.getText()).contains(c.path("title").asText());
      String badge = item.findElement(org.openqa.selenium.By.cssSelector(".badge")).getText();
      int count = c.path("count").asInt();
      if (count == 0) {
        assertThat(badge).isEqualTo("OK");
        assertThat(item.getText()).endsWith("none");
      } else {
        assertThat(badge).isEqualTo(c.path("severity").asText().equals("critical") ? "Critical" : "Warning");
        assertThat(item.getText()).endsWith(count == 1 ? "1 entity" : count + " entities");
      }
      problems += count;
    }
    assertThat(problems).isPositive();
    assertThat(browser.find(".table-tools .count").getText()).isEqualTo(problems + " of " + problems + " problems");
    // the rows in view are rendered (table.js), the others stand behind a spacer
    assertThat(column("entity")).isNotEmpty().hasSizeLessThanOrEqualTo(problems);
    // critical problems first, as the checks are
    List<String> severities = column("severity");
    assertThat(severities.indexOf("Warning")).isGreaterThan(severities.lastIndexOf("Critical"));

    // each problem links to its entity's page
    JsonNode first = checks.get(0).path("entities").get(0);
    WebElement link = browser.find("table.data tbody td[data-col='entity'] a");
    assertThat(link.getText()).isEqualTo(first.path("name").asText());
    assertThat(link.getDomAttribute("href")).contains("entity.html?id=" + TestApp.enc(first.path("id").asText()));
    assertThat(browser.find("table.data tbody td[data-col='detail']").getText()).isEqualTo(first.path("detail").asText());
  }

  @Test
  void aFailingChecksTitleNarrowsTheTableAndTheCsvHasWhatIsShown() throws Exception {
    JsonNode nicDown = null;
    for (JsonNode c : checks()) {
      if (c.path("check").asText().equals("hostNicDown")) {
        nicDown = c;
      }
    }
    assertThat(nicDown.path("count").asInt()).isGreaterThan(1);
    browser.open("health.html");
    browser.find("#checks li[data-check='hostNicDown'] button").click();
    int count = nicDown.path("count").asInt();
    browser.waitUntil(d -> column("entity").size() == count);
    assertThat(column("check")).containsOnly(nicDown.path("title").asText());
    List<String> names = new ArrayList<>();
    nicDown.path("entities").forEach(e -> names.add(e.path("name").asText()));
    assertThat(column("entity")).containsExactlyInAnyOrderElementsOf(names);
    assertThat(browser.driver().getCurrentUrl()).contains("q=");

    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    String csv = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(lines.get(0)).isEqualTo("Severity,Check,Entity,Detail");
    assertThat(lines.subList(1, lines.size())).hasSize(count).allMatch(l -> l.startsWith("Warning,Hosts with a physical NIC down,"));
  }

  @Test
  void theOverviewShowsTheFailingChecksLinkedToTheirProblems() throws Exception {
    List<JsonNode> failing = new ArrayList<>();
    checks().forEach(c -> {
      if (c.path("count").asInt() > 0) {
        failing.add(c);
      }
    });
    browser.open("index.html");
    List<WebElement> items = browser.findAll("#health-checks li[data-check]");
    assertThat(items).extracting(i -> i.getDomAttribute("data-check"))
        .containsExactlyElementsOf(failing.stream().map(c -> c.path("check").asText()).toList());
    assertThat(browser.find("#health-checks li.all a").getText()).isEqualTo("All " + checks().size() + " checks");

    JsonNode maintenance = failing.stream().filter(c -> c.path("check").asText().equals("hostMaintenance")).findFirst().orElseThrow();
    browser.find("#health-checks li[data-check='hostMaintenance'] a").click();
    browser.waitUntil(d -> d.getCurrentUrl().contains("health.html"));
    browser.waitLoaded(1);
    assertThat(browser.driver().getCurrentUrl()).contains("dc=" + TestApp.enc(dc));
    assertThat(column("entity")).containsExactly(maintenance.path("entities").get(0).path("name").asText());
  }

  @Test
  void inFrench() throws Exception {
    try (BrowserSession french = BrowserSession.start(app.baseUrl(), "fr-FR")) {
      french.open("health.html");
      assertThat(french.find("h1").getText()).isEqualTo("Santé");
      assertThat(french.find("#checks li[data-check='hostMaintenance']").getText()).contains("Hôtes en mode maintenance").endsWith("1 objet");
      assertThat(french.find("#checks li[data-check='hostDisconnected'] .badge").getText()).isEqualTo("Critique");
      assertThat(french.findAll("table.data tbody td[data-col='detail']").stream().map(WebElement::getText).toList()).contains("en mode maintenance");
      french.open("index.html");
      assertThat(french.find("#health h2").getText()).isEqualTo("Santé");
      assertThat(french.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
    }
  }

  /** A VM named like markup, flagged itself and named in another VM's duplicate: text both times. */
  @Test
  void namesFromVcenterAreText() throws Exception {
    JsonNode model = app.simulator().model().path("datacenters").get(0).path("vms");
    JsonNode partner = model.get(model.size() - 1); // shares the first VM's BIOS UUID
    String moid = partner.path("moid").asText();
    String original = partner.path("name").asText();
    String hostile = "<img src=x onerror=alert(1)>";
    app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", hostile))));
    try {
      app.collectNow();
      browser.open("health.html");
      browser.find(".table-tools input[type='search']").sendKeys("onerror");
      browser.waitUntil(d -> column("entity").size() < 5);
      assertThat(column("entity")).contains(hostile);
      assertThat(column("detail")).anyMatch(d -> d.endsWith("— also on " + hostile));
      assertThat(browser.findAll("img")).isEmpty();
      assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    } finally {
      app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", original))));
      app.collectNow();
    }
  }
}
