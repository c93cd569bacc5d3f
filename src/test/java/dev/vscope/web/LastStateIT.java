package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import dev.vscope.testing.VscopeProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * vscope restarted while its vCenter is gone (issue 15): the real process collects once, stops,
 * the simulator stops, and the next start serves the previous run's inventory, marked as such with
 * its collection time, in the API and in the pages; the history stays readable. Then a damaged
 * file: the start goes on, with an empty dashboard.
 */
class LastStateIT {

  @TempDir Path dir;

  @Test
  void aRestartWithoutVcenterServesThePreviousRunsInventoryAsStale() throws Exception {
    int port = VscopeProcess.freePort();
    JsonNode model;
    JsonNode datacenters;
    JsonNode hosts;
    JsonNode datastores;
    JsonNode vms;
    JsonNode health;
    Instant collected;
    String host;
    Map<Long, Double> knownBefore;
    try (Simulator sim = Sims.start("-cluster", "1", "-host", "2", "-vm", "4", "-ds", "2")) {
      model = sim.model();
      // one cycle in this test's time: the file holds the cycle whose status is read below
      VscopeProcess.configure(dir, sim, port, "10m");
      try (VscopeProcess first = VscopeProcess.start(dir, port)) {
        first.awaitOk("/readyz");
        Path saved = first.dataDir().resolve("inventory/sim.json.gz");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(saved) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(saved).as("saved after the first cycle").exists();
        JsonNode status = first.getJson("/api/v1/status").path("vcenters").get(0);
        assertThat(status.path("state").asText()).isEqualTo("ok");
        assertThat(status.path("fromPreviousRun").asBoolean()).isFalse();
        collected = Instant.parse(status.path("lastSuccess").asText());
        datacenters = first.getJson("/api/v1/datacenters");
        hosts = first.getJson("/api/v1/hosts");
        datastores = first.getJson("/api/v1/datastores");
        vms = first.getJson("/api/v1/vms");
        health = first.getJson("/api/v1/health");
        host = hosts.get(0).path("id").asText();
        knownBefore = knownPoints(first.getJson("/api/v1/series?metric=cpu.usage&range=hour&entity=" + enc(host)));
        first.stop();
      }
    }
    // what the first run served is the simulator's own inventory (read in Go, not through vim25)
    assertThat(ids(vms)).containsExactlyInAnyOrderElementsOf(modelIds(model, "vms"));
    assertThat(ids(hosts)).containsExactlyInAnyOrderElementsOf(modelIds(model, "hosts"));
    assertThat(knownBefore).isNotEmpty();

    // the simulator is gone: the same configuration now points at a port nothing listens on
    try (VscopeProcess second = VscopeProcess.start(dir, port)) {
      second.awaitOk("/healthz");
      JsonNode status = second.getJson("/api/v1/status").path("vcenters").get(0);
      assertThat(status.path("fromPreviousRun").asBoolean()).isTrue();
      assertThat(Instant.parse(status.path("lastSuccess").asText())).isEqualTo(collected);
      assertThat(status.path("state").asText()).isIn("starting", "failing");
      assertThat(second.get("/readyz").statusCode()).as("no collection in this run yet").isEqualTo(503);

      // the lists are those of the first run, values included
      assertThat(second.getJson("/api/v1/datacenters")).isEqualTo(datacenters);
      assertThat(second.getJson("/api/v1/hosts")).isEqualTo(hosts);
      assertThat(second.getJson("/api/v1/datastores")).isEqualTo(datastores);
      assertThat(second.getJson("/api/v1/vms")).isEqualTo(vms);
      // and so are the health checks' findings (issue 13), the inputs they read kept with the inventory
      assertThat(findings(second.getJson("/api/v1/health"))).isEqualTo(findings(health)).containsKey("duplicateBiosUuid");
      // an entity's page and its history still read
      String vm = vms.get(0).path("id").asText();
      assertThat(second.getJson("/api/v1/entities?id=" + enc(vm)).path("name").asText()).isEqualTo(vms.get(0).path("name").asText());
      JsonNode series = second.getJson("/api/v1/series?metric=cpu.usage&range=hour&entity=" + enc(host));
      // every point of the first run still inside the hour, with its value (the hour has moved on since)
      long windowStart = series.path("points").get(0).get(0).asLong();
      Map<Long, Double> stillInside = new TreeMap<>(knownBefore);
      stillInside.keySet().removeIf(t -> t < windowStart);
      assertThat(stillInside).isNotEmpty();
      assertThat(knownPoints(series)).containsAllEntriesOf(stillInside);

      // the first cycle fails; the data stays, still the previous run's
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!second.getJson("/api/v1/status").path("vcenters").get(0).path("state").asText().equals("failing")
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      JsonNode failing = second.getJson("/api/v1/status").path("vcenters").get(0);
      assertThat(failing.path("state").asText()).isEqualTo("failing");
      assertThat(failing.path("fromPreviousRun").asBoolean()).isTrue();
      assertThat(Instant.parse(failing.path("lastSuccess").asText())).isEqualTo(collected);
      assertThat(second.getJson("/api/v1/vms")).isEqualTo(vms);
      assertThat(second.log()).contains("showing the inventory of the previous run, collected at " + collected);

      pagesSayItIsThePreviousRuns(second, collected, host, hosts.get(0).path("name").asText());
      second.stop();
    }

    // a damaged file is logged and ignored: vscope serves, with nothing to show yet
    Path saved = dir.resolve("data/inventory/sim.json.gz");
    byte[] whole = Files.readAllBytes(saved);
    Files.write(saved, java.util.Arrays.copyOf(whole, whole.length / 3));
    try (VscopeProcess third = VscopeProcess.start(dir, port)) {
      third.awaitOk("/healthz");
      assertThat(third.getJson("/api/v1/vms")).isEmpty();
      JsonNode status = third.getJson("/api/v1/status").path("vcenters").get(0);
      assertThat(status.path("fromPreviousRun").asBoolean()).isFalse();
      assertThat(status.path("lastSuccess").isNull()).isTrue();
      assertThat(third.log()).contains("the previous run's inventory (" + saved + ") is ignored: damaged");
      third.stop();
    }
  }

  /** Check → the ids of its entities. */
  private static java.util.Map<String, java.util.List<String>> findings(JsonNode checks) {
    java.util.Map<String, java.util.List<String>> out = new java.util.TreeMap<>();
    checks.forEach(c -> {
      java.util.List<String> ids = new java.util.ArrayList<>();
      c.path("entities").forEach(e -> ids.add(e.path("id").asText()));
      if (!ids.isEmpty()) {
        out.put(c.path("check").asText(), ids);
      }
    });
    return out;
  }

  /** The banner names the previous run; the header's collection time is the first run's; the entity page shows the host. */
  private static void pagesSayItIsThePreviousRuns(VscopeProcess vscope, Instant collected, String host, String hostName) throws Exception {
    try (BrowserSession browser = BrowserSession.start(vscope.baseUrl())) {
      browser.open("index.html");
      WebElement banner = browser.waitUntil(d -> browser.findAll("#freshness-banner").stream().findFirst().orElse(null));
      assertThat(banner.getText()).contains("previous run").contains("is failing");
      assertThat(Instant.parse(browser.find("#data-collected").getDomAttribute("datetime"))).isEqualTo(collected.truncatedTo(ChronoUnit.MILLIS));
      assertThat(browser.findAll("#host-cards .card")).isNotEmpty();

      browser.open("entity.html?id=" + enc(host));
      assertThat(browser.find("body").getDomAttribute("data-state")).isEqualTo("ok");
      assertThat(browser.find("#entity-title").getText()).startsWith(hostName);
      assertThat(browser.findAll("#charts .chart canvas")).isNotEmpty();
      assertThat(browser.find("#freshness-banner").getText()).contains("previous run");

      browser.open("status.html");
      assertThat(browser.find("tr[data-vcenter='sim'] .previous-run").getText()).isEqualTo("by the previous run");
    }
  }

  /** The series' known points: time → value. */
  private static Map<Long, Double> knownPoints(JsonNode series) {
    Map<Long, Double> known = new TreeMap<>();
    for (JsonNode point : series.path("points")) {
      if (!point.get(1).isNull()) {
        known.put(point.get(0).asLong(), point.get(1).asDouble());
      }
    }
    return known;
  }

  private static List<String> ids(JsonNode rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.path("id").asText()));
    return out;
  }

  private static List<String> modelIds(JsonNode model, String kind) {
    List<String> out = new ArrayList<>();
    model.path("datacenters").forEach(dc -> dc.path(kind).forEach(e -> out.add("sim:" + e.path("moid").asText())));
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
