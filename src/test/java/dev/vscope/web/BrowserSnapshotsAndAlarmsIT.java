package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Snapshots and alarms in a real Chromium (issue 13): the Snapshots page oldest first, filtered and
 * exported; the Alarms page critical first; the counts in the header and on the overview; an
 * entity's alarms and a VM's snapshots on their pages; the VMs and Filer columns. Names from
 * vCenter (the launcher's snapshot names hold markup) show as text.
 */
class BrowserSnapshotsAndAlarmsIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String dc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "2", "-host", "3", "-standalone-host", "1", "-vm", "8", "-ds", "2");
    browser = BrowserSession.start(app.baseUrl());
    dc = app.getJson("/api/v1/datacenters").get(0).path("id").asText();
  }

  private static List<String> column(String table, String col) {
    return browser.findAll(table + " table.data tbody td[data-col='" + col + "']").stream().map(WebElement::getText).toList();
  }

  private static String csv() throws Exception {
    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    return JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
  }

  @Test
  void theSnapshotsPageOldestFirstFilteredAndExported() throws Exception {
    JsonNode rows = app.getJson("/api/v1/snapshots?datacenter=" + TestApp.enc(dc));
    assertThat(rows.size()).isGreaterThan(3);
    browser.open("snapshots.html");
    assertThat(browser.find("h1").getText()).isEqualTo("Snapshots");
    assertThat(browser.find("#topbar nav a[aria-current='page']").getText()).isEqualTo("Snapshots");
    assertThat(browser.find("th[data-col='created']").getDomAttribute("aria-sort")).isEqualTo("ascending");
    List<String> keys = browser.findAll("#snapshots table.data tbody tr[data-key]").stream().map(tr -> tr.getDomAttribute("data-key")).toList();
    List<String> expected = new ArrayList<>();
    rows.forEach(r -> expected.add(r.path("id").asText()));
    assertThat(keys).as("oldest first, as the API answers").isEqualTo(expected);
    // a name with markup shows as text
    assertThat(column("#snapshots", "name")).contains("Before <b>upgrade</b> & reboot");
    assertThat(browser.findAll("#snapshots td[data-col='name'] b")).isEmpty();
    // each VM links to its page
    WebElement vm = browser.find("#snapshots td[data-col='vm'] a");
    assertThat(vm.getDomAttribute("href")).startsWith("entity.html?id=");

    // the filter, then the CSV of what is shown, with ISO dates and bytes
    browser.find("input[type='search']").sendKeys("patch");
    browser.waitUntil(d -> column("#snapshots", "name").stream().allMatch(n -> n.equals("patch-2024-05")));
    List<String> lines = List.of(csv().split("\r\n"));
    List<String> header = List.of(lines.get(0).split(","));
    assertThat(header).contains("VM", "Snapshot", "Taken", "Size (bytes)");
    int taken = header.indexOf("Taken");
    int size = header.indexOf("Size (bytes)");
    assertThat(lines).hasSize(1 + column("#snapshots", "name").size());
    JsonNode patched = null;
    for (JsonNode r : rows) {
      if (r.path("name").asText().equals("patch-2024-05") && patched == null) {
        patched = r;
      }
    }
    String[] first = lines.get(1).split(",", -1);
    assertThat(Instant.parse(first[taken])).isEqualTo(Instant.parse(patched.path("created").asText()));
    assertThat(Long.parseLong(first[size])).isEqualTo(patched.path("sizeBytes").asLong());
  }

  @Test
  void theAlarmsPageCriticalFirstAndTheCountsInTheHeaderAndOverview() throws Exception {
    JsonNode alarms = app.getJson("/api/v1/alarms?datacenter=" + TestApp.enc(dc));
    JsonNode datacenter = app.getJson("/api/v1/datacenters").get(0);
    browser.open("alarms.html");
    assertThat(browser.find("h1").getText()).isEqualTo("Alarms");
    assertThat(browser.findAll("#alarms table.data tbody tr[data-key]")).hasSize(alarms.size());
    List<String> statuses = column("#alarms", "status");
    assertThat(statuses.indexOf("Warning")).isGreaterThan(statuses.lastIndexOf("Critical"));
    assertThat(statuses.stream().filter(s -> s.equals("Critical")).count()).isEqualTo(datacenter.path("alarmsRed").asLong());
    // the datacenter's own alarm has no page to link to; the others link to their entity
    for (WebElement tr : browser.findAll("#alarms table.data tbody tr[data-key]")) {
      String type = tr.findElement(By.cssSelector("td[data-col='type']")).getText();
      List<WebElement> links = tr.findElements(By.cssSelector("td[data-col='entity'] a"));
      assertThat(links).as(type).hasSize(type.equals("Datacenter") ? 0 : 1);
    }
    assertThat(column("#alarms", "acknowledgedBy")).contains("VSPHERE.LOCAL\\operator");

    // the header: red and yellow counts, linking here
    WebElement counts = browser.find("#header-alarms");
    assertThat(counts.findElement(By.cssSelector("[data-status='red']")).getText()).isEqualTo("● " + datacenter.path("alarmsRed").asInt());
    assertThat(counts.findElement(By.cssSelector("[data-status='yellow']")).getText()).isEqualTo("▲ " + datacenter.path("alarmsYellow").asInt());
    assertThat(counts.getDomAttribute("href")).startsWith("alarms.html?dc=");

    // the overview's totals
    browser.open("index.html");
    assertThat(browser.find("#overview-alarms [data-status='red']").getText()).isEqualTo(datacenter.path("alarmsRed").asInt() + " critical");
    assertThat(browser.find("#overview-alarms [data-status='yellow']").getText()).endsWith(" warnings");

    // a change in vCenter shows in the header after the next cycle and refresh
    String vm = app.simulator().model().path("datacenters").get(0).path("vms").get(2).path("moid").asText();
    app.simulator().control("{\"alarm\": {\"action\": \"trigger\", \"alarm\": \"alarm-3\", \"entity\": \"" + vm + "\", \"status\": \"red\"}}");
    try {
      assertThat(app.collectNow()).isTrue();
      int loads = browser.loads();
      browser.find("#refresh-now").click();
      browser.waitLoaded(loads + 1);
      assertThat(browser.find("#header-alarms [data-status='red']").getText()).isEqualTo("● " + (datacenter.path("alarmsRed").asInt() + 1));
    } finally {
      app.simulator().control("{\"alarm\": {\"action\": \"clear\", \"alarm\": \"alarm-3\", \"entity\": \"" + vm + "\"}}");
      app.collectNow();
    }
  }

  @Test
  void anEntitysAlarmsAndAVmsSnapshotsOnTheirPages() throws Exception {
    JsonNode hostAlarm = null;
    for (JsonNode a : app.getJson("/api/v1/alarms?datacenter=" + TestApp.enc(dc))) {
      if (a.path("entityType").asText().equals("host") && hostAlarm == null) {
        hostAlarm = a;
      }
    }
    browser.open("entity.html?id=" + TestApp.enc(hostAlarm.path("entity").asText()));
    assertThat(browser.find("#entity-alarms").isDisplayed()).isTrue();
    assertThat(column("#entity-alarms", "alarm")).contains(hostAlarm.path("alarm").asText());
    assertThat(browser.findAll("#entity-alarms th[data-col='entity']")).as("no entity column on its own page").isEmpty();
    assertThat(browser.find("#vm-snapshots").isDisplayed()).isFalse();

    JsonNode vm = null;
    for (JsonNode v : app.getJson("/api/v1/vms?datacenter=" + TestApp.enc(dc))) {
      if (v.path("snapshots").asInt() > 1 && vm == null) {
        vm = v;
      }
    }
    browser.open("entity.html?id=" + TestApp.enc(vm.path("id").asText()));
    assertThat(browser.find("#vm-snapshots").isDisplayed()).isTrue();
    assertThat(browser.findAll("#vm-snapshots table.data tbody tr[data-key]")).hasSize(vm.path("snapshots").asInt());
    assertThat(column("#vm-snapshots", "current")).containsOnlyOnce("Current");
    assertThat(browser.find("#entity-props").getText()).contains("Snapshot files").contains("Snapshot chain depth");
    // the alarms panel says when there are none
    assertThat(browser.find("#entity-alarms").getText()).satisfiesAnyOf(
        t -> assertThat(t).contains("No alarm triggered on this object."), t -> assertThat(t).contains("Critical"), t -> assertThat(t).contains("Warning"));
  }

  @Test
  void theVmsAndFilerColumns() throws Exception {
    browser.open("vms.html");
    int withSnapshots = 0;
    for (JsonNode v : app.getJson("/api/v1/vms?datacenter=" + TestApp.enc(dc))) {
      String row = "#vms table.data tbody tr[data-key='" + v.path("id").asText() + "'] ";
      assertThat(browser.find(row + "td[data-col='snapshots']").getText()).isEqualTo(v.path("snapshots").asInt() == 0 ? "" : v.path("snapshots").asText());
      assertThat(browser.find(row + "td[data-col='consolidation']").getText()).isEqualTo(v.path("consolidationNeeded").asBoolean() ? "Needed" : "");
      withSnapshots += v.path("snapshots").asInt() > 0 ? 1 : 0;
    }
    assertThat(withSnapshots).isPositive();
    browser.find("th[data-col='snapshotBytes'] button").click();
    List<String> sizes = column("#vms", "snapshotBytes");
    assertThat(sizes.get(0)).isNotEmpty();

    browser.open("filer.html");
    long total = 0;
    for (JsonNode d : app.getJson("/api/v1/datastores?datacenter=" + TestApp.enc(dc))) {
      String cell = browser.find("#datastores table.data tbody tr[data-key='" + d.path("id").asText() + "'] td[data-col='snapshots']").getText();
      assertThat(cell).as(d.path("name").asText()).isEqualTo(bytes(d.path("snapshotBytes").asLong()));
      total += d.path("snapshotBytes").asLong();
    }
    assertThat(total).isPositive();
  }

  /** Bytes as the pages write them in English: binary units, the next one from 1,000 on, one decimal below TiB. */
  private static String bytes(long v) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double n = v;
    int i = 0;
    while (n >= 1000 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return String.format(java.util.Locale.US, i == 0 ? "%.0f %s" : i >= 4 ? "%.2f %s" : "%.1f %s", n, units[i]);
  }
}
