package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Memory pressure in the VMs and Hosts tables in a real Chromium: the three columns with their
 * unit, a cue on every non-zero value and none on zeros, sorting, the CSV in bytes as the
 * simulator's model has them, and the graphs on a VM's page.
 */
class BrowserMemoryPressureIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] COLUMNS = {"ballooned", "swapped", "compressed"};
  private static final String[] MODEL = {"balloonedKB", "swappedKB", "compressedKB"};

  private static JsonNode dc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "1", "-host", "3", "-standalone-host", "0", "-vm", "14");
    browser = BrowserSession.start(app.baseUrl());
    dc = app.simulator().model().path("datacenters").get(0);
  }

  /** The CSV the page exports, as rows of fields (no field here holds a comma or a quote). */
  private static List<String[]> csv() throws Exception {
    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    String text = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();"), String.class);
    List<String[]> out = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      out.add(line.split(",", -1));
    }
    return out;
  }

  private static int index(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no column " + name + " in " + String.join("|", header));
  }

  @Test
  void vmsTableShowsFlagsSortsAndExportsThePressure() throws Exception {
    browser.open("vms.html");
    Map<String, JsonNode> byName = new HashMap<>();
    dc.path("vms").forEach(v -> byName.put(v.path("name").asText(), v));
    for (int k = 0; k < 3; k++) {
      String col = COLUMNS[k];
      assertThat(browser.find("th[data-col='" + col + "']").getText()).isNotEmpty();
      int nonZero = 0;
      for (WebElement tr : browser.findAll("table.data tbody tr[data-key]")) {
        JsonNode m = byName.get(tr.findElement(org.openqa.selenium.By.cssSelector("td[data-col='name']")).getText());
        boolean on = m.path("powerState").asText().equals("poweredOn");
        long expected = m.path("memory").path(MODEL[k]).asLong();
        WebElement cell = tr.findElement(org.openqa.selenium.By.cssSelector("td[data-col='" + col + "']"));
        boolean cue = !cell.findElements(org.openqa.selenium.By.cssSelector(".cue.warn")).isEmpty();
        assertThat(cue).as(m.path("name").asText() + " " + col).isEqualTo(on && expected > 0);
        nonZero += on && expected > 0 ? 1 : 0;
      }
      assertThat(nonZero).as(col).isPositive();
    }
    assertThat(browser.findAll("thead th.group")).extracting(WebElement::getText).contains("Memory pressure");

    List<String[]> rows = csv();
    String[] header = rows.get(0);
    int name = index(header, "Name");
    int[] at = {index(header, "Memory pressure Ballooned (bytes)"), index(header, "Memory pressure Swapped (bytes)"),
        index(header, "Memory pressure Compressed (bytes)")};
    assertThat(rows).hasSize(dc.path("vms").size() + 1);
    for (String[] r : rows.subList(1, rows.size())) {
      JsonNode m = byName.get(r[name]);
      for (int k = 0; k < 3; k++) {
        String want = m.path("powerState").asText().equals("poweredOn") ? String.valueOf(m.path("memory").path(MODEL[k]).asLong() * 1024) : "";
        assertThat(r[at[k]]).as(r[name] + " " + COLUMNS[k]).isEqualTo(want);
      }
    }

    browser.find("th[data-col='ballooned'] button").click();
    assertThat(browser.find("th[data-col='ballooned']").getDomAttribute("aria-sort")).isEqualTo("descending");
    long max = 0;
    for (JsonNode v : dc.path("vms")) {
      max = Math.max(max, v.path("memory").path("balloonedKB").asLong());
    }
    String first = browser.findAll("table.data tbody td[data-col='name']").get(0).getText();
    assertThat(byName.get(first).path("memory").path("balloonedKB").asLong()).isEqualTo(max);
  }

  @Test
  void hostsTableExportsTheirVmsSum() throws Exception {
    browser.open("hosts.html");
    List<String[]> rows = csv();
    String[] header = rows.get(0);
    int name = index(header, "Name");
    int ballooned = index(header, "Memory pressure Ballooned (bytes)");
    Map<String, JsonNode> byName = new HashMap<>();
    dc.path("hosts").forEach(h -> byName.put(h.path("name").asText(), h));
    assertThat(rows).hasSize(byName.size() + 1);
    for (String[] r : rows.subList(1, rows.size())) {
      JsonNode h = byName.get(r[name]);
      String want = h.path("connectionState").asText().equals("connected") ? String.valueOf(h.path("memory").path("balloonedKB").asLong() * 1024) : "";
      assertThat(r[ballooned]).as(r[name]).isEqualTo(want);
    }
  }

  @Test
  void aBalloonedVmHasItsGraph() {
    JsonNode top = null;
    for (JsonNode v : dc.path("vms")) {
      if (top == null || v.path("memory").path("balloonedKB").asLong() > top.path("memory").path("balloonedKB").asLong()) {
        top = v;
      }
    }
    browser.open("entity.html?id=" + URLEncoder.encode("sim:" + top.path("moid").asText(), StandardCharsets.UTF_8));
    assertThat(browser.findAll("#charts .chart h3")).extracting(WebElement::getText).contains("Memory ballooned");
    assertThat(browser.find("#entity-props").getText()).contains("Memory ballooned");
  }
}
