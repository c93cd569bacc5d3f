package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * vCenter's events in a real Chromium (issue 13): the Events page and its filters, an entity's
 * timeline, the markers on every one of its charts (where the event happened on the time axis,
 * with its text on hover), the status of the events on the Status page, French, hostile names.
 * Events are posted through the simulator as named users; what is expected comes from the API,
 * whose contents EventsIT checks against the simulator. Also saves the screenshots of the README.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserEventsIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String vm;
  private static String vmName;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "1", "-host", "2", "-standalone-host", "0", "-vm", "3", "-ds", "1");
    JsonNode dc = app.simulator().model().path("datacenters").get(0);
    JsonNode first = null;
    String second = null;
    for (JsonNode v : dc.path("vms")) {
      if (v.path("powerState").asText().equals("poweredOn")) {
        if (first == null) {
          first = v;
        } else if (second == null) {
          second = v.path("moid").asText();
        }
      }
    }
    vm = first.path("moid").asText();
    vmName = first.path("name").asText();
    String other = null;
    for (JsonNode h : dc.path("hosts")) {
      if (!h.path("moid").asText().equals(first.path("host").asText())) {
        other = h.path("moid").asText();
      }
    }
    app.collectNow();
    // spread over the last hour, as a chart of the hour shows them
    post(Map.of("kind", "powerOff", "vm", vm, "user", "VSPHERE.LOCAL\\alice", "ago", 2700),
        Map.of("kind", "powerOn", "vm", vm, "user", "VSPHERE.LOCAL\\alice", "ago", 2400),
        Map.of("kind", "migrate", "vm", vm, "host", other, "user", "carol", "ago", 1500),
        Map.of("kind", "reconfigure", "vm", vm, "memoryMB", 6144, "user", "dave", "ago", 600),
        Map.of("kind", "alarm", "entity", other, "alarm", "Host CPU usage", "from", "green", "to", "red", "ago", 300),
        Map.of("kind", "haRestart", "vm", second, "ago", 1200),
        Map.of("kind", "datastoreGrown", "datastore", dc.path("datastores").get(0).path("moid").asText(), "user", "storage", "ago", 900));
    // a second cycle gives the counters a previous sample, so that the charts have values
    app.collectNow();
    browser = BrowserSession.start(app.baseUrl());
  }

  static void post(Object... specs) throws Exception {
    app.simulator().control(JSON.writeValueAsString(Map.of("postEvents", List.of(specs))));
  }

  static List<String> column(String col) {
    return browser.findAll("table.data tbody td[data-col='" + col + "']").stream().map(WebElement::getText).toList();
  }

  static String dcId() throws Exception {
    return app.getJson("/api/v1/datacenters").get(0).path("id").asText();
  }

  @Test
  void theEventsPageListsTheDatacentersEventsAndFiltersThem() throws Exception {
    JsonNode api = app.getJson("/api/v1/events?limit=2000&datacenter=" + TestApp.enc(dcId()));
    browser.open("events.html");
    assertThat(browser.find("h1").getText()).isEqualTo("Events");
    List<String> messages = new ArrayList<>();
    api.forEach(r -> messages.add(r.path("message").asText().replaceAll("\\s+", " ").trim()));
    assertThat(column("message").stream().map(m -> m.replaceAll("\\s+", " ").trim()).toList()).as("newest first, as the API answers")
        .containsExactlyElementsOf(messages);
    assertThat(column("type")).contains("Migration", "Reconfiguration", "Power on", "Power off", "Alarm");
    assertThat(column("user")).contains("VSPHERE.LOCAL\\alice", "carol", "dave", "vCenter");
    assertThat(browser.find(".table-tools .count").getText()).isEqualTo(api.size() + " of " + api.size() + " events");

    // the type is asked of the server, and kept in the URL
    int loads = browser.loads();
    new Select(browser.find("#q-type")).selectByValue("migration");
    browser.waitLoaded(loads + 1);
    assertThat(browser.driver().getCurrentUrl()).contains("type=migration");
    assertThat(column("type")).isNotEmpty().allMatch("Migration"::equals);
    assertThat(column("entity")).containsOnly(vmName);

    // the user among those shown
    loads = browser.loads();
    new Select(browser.find("#q-type")).selectByValue("");
    browser.waitLoaded(loads + 1);
    loads = browser.loads();
    new Select(browser.find("#q-user")).selectByValue("dave");
    browser.waitLoaded(loads + 1);
    assertThat(column("user")).isNotEmpty().allMatch("dave"::equals);
    assertThat(column("type")).containsOnly("Reconfiguration");
    assertThat(column("message")).allMatch(m -> m.contains("memoryMB"));

    // the entity by the table's filter; its link leads to its page
    loads = browser.loads();
    new Select(browser.find("#q-user")).selectByValue("");
    browser.waitLoaded(loads + 1);
    browser.find(".table-tools input[type='search']").sendKeys("Host CPU");
    browser.waitUntil(d -> column("type").stream().allMatch("Alarm"::equals));
    browser.find("table.data tbody td[data-col='entity'] a").click();
    browser.waitUntil(d -> d.getCurrentUrl().contains("entity.html"));
    browser.waitLoaded(1);
    assertThat(browser.find("#timeline").getText()).contains("Host CPU usage");
  }

  @Test
  void anEntityShowsItsTimelineAndItsEventsOnEveryChart() throws Exception {
    String id = "sim:" + vm;
    Instant from = Instant.now().minusSeconds(3600);
    JsonNode api = app.getJson("/api/v1/events?limit=1000&entity=" + TestApp.enc(id) + "&since=" + TestApp.enc(from.toString()));
    assertThat(api.size()).isGreaterThanOrEqualTo(4);
    Set<String> keys = new HashSet<>();
    api.forEach(r -> keys.add(r.path("key").asText()));

    browser.open("entity.html?range=hour&id=" + TestApp.enc(id));
    List<String> listed = browser.findAll("#timeline .timeline-item").stream().map(li -> li.getDomAttribute("data-key")).toList();
    List<String> expected = new ArrayList<>();
    api.forEach(r -> expected.add(r.path("key").asText()));
    assertThat(listed).containsExactlyElementsOf(expected);
    assertThat(browser.find("#timeline").getText()).contains("by carol", "by dave", "Migration", "Reconfiguration");
    assertThat(browser.find("#event-key").getText()).startsWith("Events marked:").contains("Power on", "Power off", "Migration", "Reconfiguration");

    // every chart marks every event, at its time: the last hour's right edge is now
    List<WebElement> cards = browser.findAll("#charts .chart");
    assertThat(cards).extracting(c -> c.getDomAttribute("data-metric")).contains("cpu.usage", "mem.usage");
    for (WebElement card : cards) {
      browser.waitUntil(d -> card.findElements(org.openqa.selenium.By.cssSelector(".event-marker")).size() == keys.size());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> markers = (List<Map<String, Object>>) browser.script(
          "const over = arguments[0].querySelector('.u-over'); const box = over.getBoundingClientRect();"
              + "return [...over.querySelectorAll('.event-marker')].map(m => { const r = m.getBoundingClientRect();"
              + " return {key: m.dataset.key, type: m.dataset.type, title: m.title, x: (r.left + r.width / 2 - box.left) / box.width}; });",
          card);
      assertThat(markers).extracting(m -> (String) m.get("key")).containsExactlyInAnyOrderElementsOf(keys);
      for (Map<String, Object> m : markers) {
        JsonNode row = null;
        for (JsonNode r : api) {
          if (r.path("key").asText().equals(m.get("key"))) {
            row = r;
          }
        }
        double at = (Instant.parse(row.path("time").asText()).toEpochMilli() - from.toEpochMilli()) / 3_600_000.0;
        assertThat(((Number) m.get("x")).doubleValue()).as(card.getDomAttribute("data-metric") + " " + m.get("type")).isBetween(at - 0.03, at + 0.03);
        assertThat((String) m.get("title")).contains(row.path("message").asText().lines().findFirst().orElseThrow());
      }
      assertThat(markers).extracting(m -> (String) m.get("type")).contains("migration", "reconfigure", "powerOn", "powerOff");
    }
    // the hover text is the browser's own tooltip: the marker's title
    WebElement migration = browser.find("#charts .chart[data-metric='cpu.usage'] .event-marker[data-type='migration']");
    assertThat(migration.getDomAttribute("title")).contains("Migration").contains("by carol").contains("Migration of virtual machine " + vmName);
    assertThat(migration.getDomAttribute("aria-label")).isEqualTo(migration.getDomAttribute("title"));

    // another range fetches the events again
    int loads = browser.loads();
    browser.find("#ranges button[data-range='day']").click();
    browser.waitUntil(d -> browser.find("#events-range").getText().equals("Day"));
    assertThat(browser.loads()).isEqualTo(loads);
    assertThat(browser.findAll("#timeline .timeline-item")).hasSize(keys.size());
  }

  @Test
  void theStatusPageSaysWhetherEventsAreReadAndWhyNot() throws Exception {
    browser.open("status.html");
    assertThat(browser.find("td.events-state").getText()).isEqualTo("Read");
    app.simulator().control("{\"eventsRefused\": true}");
    try {
      app.collectNow();
      browser.open("status.html");
      assertThat(browser.find("td.events-state .badge").getText()).isEqualTo("Refused");
      assertThat(browser.find("td.events-state .status-error").getText()).contains("NoPermission");
      browser.open("events.html");
      assertThat(browser.find("#messages .banner.warn").getText()).contains("The events of sim are not read").contains("NoPermission");
    } finally {
      app.simulator().control("{\"eventsRefused\": false}");
      app.collectNow();
    }
    browser.open("events.html");
    assertThat(browser.findAll("#messages .banner")).isEmpty();
  }

  @Test
  void aHostileNameInAMessageIsShownAsText() throws Exception {
    String hostile = "<img src=x onerror=alert(1)>";
    JsonNode dc = app.simulator().model().path("datacenters").get(0);
    String target = dc.path("vms").get(dc.path("vms").size() - 1).path("moid").asText();
    app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", target, "name", hostile))));
    post(Map.of("kind", "reset", "vm", target, "user", "<b>mallory</b>"));
    app.collectNow();
    browser.open("events.html");
    assertThat(column("message")).anyMatch(m -> m.startsWith(hostile + " on "));
    assertThat(column("user")).contains("<b>mallory</b>");
    assertThat(browser.findAll("table.data img, table.data b")).isEmpty();
    browser.open("entity.html?range=hour&id=" + TestApp.enc("sim:" + target));
    assertThat(browser.find("#timeline").getText()).contains(hostile);
    assertThat(browser.findAll("#timeline img, #timeline b, #charts .u-over img")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
  }

  @Test
  void aFrenchReaderGetsFrenchWords() throws Exception {
    try (BrowserSession french = BrowserSession.start(app.baseUrl(), "fr-FR")) {
      french.open("events.html");
      assertThat(french.find("h1").getText()).isEqualTo("Événements");
      assertThat(french.findAll("table.data tbody td[data-col='type']")).extracting(WebElement::getText)
          .contains("Migration", "Reconfiguration", "Mise sous tension", "Mise hors tension", "Alarme");
      assertThat(french.find(".table-tools .count").getText()).matches("(\\d+) sur \\1 événements?");
      french.open("entity.html?range=hour&id=" + TestApp.enc("sim:" + vm));
      assertThat(french.find("#events-title").getText()).isEqualTo("Événements");
      assertThat(french.find("#timeline").getText()).contains("par carol");
      assertThat(french.find("#charts .chart[data-metric='cpu.usage'] .event-marker[data-type='migration']").getDomAttribute("title"))
          .contains("Migration").contains("par carol");
      assertThat(french.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
    }
  }

  /** First: the other tests add what a README should not show (a hostile name). */
  @Test
  @Order(1)
  void screenshotsForTheReadme() throws Exception {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "docs", "screenshots");
    browser.open("events.html");
    browser.screenshot(dir.resolve("events.png"));
    browser.open("entity.html?range=hour&id=" + TestApp.enc("sim:" + vm));
    browser.screenshot(dir.resolve("events-on-charts.png"));
    assertThat(dir.resolve("events-on-charts.png")).isNotEmptyFile();
  }
}
