package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Hosts' disk latency and IOPS (issue 12, Top-N), against the simulator: the test pins each
 * host's {@code disk.maxTotalLatency.latest} and its per-datastore read and write operations
 * (the simulator's {@code setPerf}), then expects, at every point of the hour, the pinned latency
 * as the host's {@code disk.maxLatency}, and as its {@code disk.readIops} / {@code disk.writeIops}
 * the pinned operations times the datastores the simulator's model says it mounts; {@code top}
 * ranks the hosts by them in that order, within a cluster too, and the Top-N page offers them in
 * English and in French. The values are chosen so that each metric ranks the hosts differently.
 */
class HostDiskIT extends ChromiumTest {

  /** The pins, by the host's place in the model: latency in ms, read and write operations per second per datastore. */
  private static final long[] LATENCY = {40, 25, 55, 30};
  private static final long[] READ = {310, 920, 530, 740};
  private static final long[] WRITE = {870, 260, 650, 480};
  /** Past the hour that {@code top} and {@code series} look at: what they show was all read after the pins. */
  private static final long LATER = 7200;

  private static final MutableClock clock = new MutableClock(Instant.now());
  private static JsonNode dc;
  private static final List<Pinned> hosts = new ArrayList<>();

  /** A host of the model and what the test pinned for it. */
  record Pinned(String id, String name, Set<String> datastores, long latencyMs, long readPerDatastore, long writePerDatastore) {

    long readIops() {
      return readPerDatastore * datastores.size();
    }

    long writeIops() {
      return writePerDatastore * datastores.size();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(clock, "-dc", "1", "-cluster", "1", "-host", "3", "-standalone-host", "1", "-vm", "3", "-ds", "3");
    dc = app.simulator().model().path("datacenters").get(0);
    assertThat(dc.path("hosts")).hasSize(LATENCY.length);
    int i = 0;
    for (JsonNode h : dc.path("hosts")) {
      String moid = h.path("moid").asText();
      Set<String> datastores = new HashSet<>();
      h.path("datastores").forEach(d -> datastores.add(d.asText()));
      assertThat(datastores).as(moid).isNotEmpty();
      hosts.add(new Pinned("sim:" + moid, h.path("name").asText(), datastores, LATENCY[i], READ[i], WRITE[i]));
      pin(moid, "disk.maxTotalLatency.latest", LATENCY[i]);
      pin(moid, "datastore.numberReadAveraged.average", READ[i]);
      pin(moid, "datastore.numberWriteAveraged.average", WRITE[i]);
      i++;
    }
    assertThat(hosts).as("a sum over datastores differs from one datastore's value").anyMatch(h -> h.datastores().size() > 1);
    // two cycles a minute apart, two hours on
    for (long offset : new long[] {LATER, LATER + 60}) {
      app.simulator().control("{\"clockOffsetSeconds\": " + offset + "}");
      clock.set(Instant.now().plusSeconds(offset));
      assertThat(app.collectNow()).isTrue();
    }
    browser = BrowserSession.start(app.baseUrl());
  }

  private static void pin(String moid, String counter, long value) throws Exception {
    app.simulator().control("{\"setPerf\": {\"entity\": \"" + moid + "\", \"counter\": \"" + counter + "\", \"value\": " + value + "}}");
  }

  /** The known values of the hour of a series. */
  private static List<Double> hour(String entity, String metric) throws Exception {
    JsonNode s = app.getJson("/api/v1/series?entity=" + TestApp.enc(entity) + "&metric=" + TestApp.enc(metric) + "&range=hour");
    List<Double> out = new ArrayList<>();
    for (JsonNode p : s.path("points")) {
      if (!p.get(1).isNull()) {
        out.add(p.get(1).asDouble());
      }
    }
    return out;
  }

  /** The pinned hosts that pass {@code member}, highest first by one of their expected values. */
  private static List<Pinned> ranked(ToLongFunction<Pinned> value, java.util.function.Predicate<Pinned> member) {
    List<Pinned> out = new ArrayList<>(hosts.stream().filter(member).toList());
    out.sort(Comparator.comparingLong(value).reversed());
    assertThat(out.stream().mapToLong(value).distinct().count()).as("no ties").isEqualTo(out.size());
    return out;
  }

  private static void assertTop(String query, List<Pinned> expected, ToLongFunction<Pinned> value, String unit) throws Exception {
    JsonNode top = app.getJson(query);
    assertThat(top.size()).as(query).isEqualTo(expected.size());
    for (int i = 0; i < top.size(); i++) {
      Pinned h = expected.get(i);
      assertThat(top.get(i).path("entity").asText()).as("%s rank %d", query, i + 1).isEqualTo(h.id());
      assertThat(top.get(i).path("name").asText()).isEqualTo(h.name());
      assertThat(top.get(i).path("value").asDouble()).isCloseTo(value.applyAsLong(h), within(1e-9));
      assertThat(top.get(i).path("unit").asText()).isEqualTo(unit);
    }
  }

  @Test
  void eachHostHasItsLatencyAndItsDatastoresOperationsSummedAtEveryPoint() throws Exception {
    for (Pinned h : hosts) {
      List<Double> latency = hour(h.id(), "disk.maxLatency");
      List<Double> read = hour(h.id(), "disk.readIops");
      List<Double> write = hour(h.id(), "disk.writeIops");
      assertThat(latency).as(h.id() + " disk.maxLatency").hasSizeGreaterThan(2).containsOnly((double) h.latencyMs());
      assertThat(read).as(h.id() + " disk.readIops").hasSizeGreaterThan(2).containsOnly((double) h.readIops());
      assertThat(write).as(h.id() + " disk.writeIops").hasSizeGreaterThan(2).containsOnly((double) h.writeIops());
      assertThat(app.getJson("/api/v1/series?entity=" + TestApp.enc(h.id()) + "&metric=disk.readIops").path("unit").asText()).isEqualTo("iops");
      assertThat(app.getJson("/api/v1/series?entity=" + TestApp.enc(h.id()) + "&metric=disk.maxLatency").path("unit").asText()).isEqualTo("ms");
    }
    // the same operations, seen from the datastores: each sums those of the hosts that mount it
    for (JsonNode ds : dc.path("datastores")) {
      String moid = ds.path("moid").asText();
      long expected = hosts.stream().filter(h -> h.datastores().contains(moid)).mapToLong(Pinned::readPerDatastore).sum();
      assertThat(hour("sim:" + moid, "readIops")).as(moid).isNotEmpty().containsOnly((double) expected);
    }
  }

  @Test
  void hostsRankByDiskLatencyAndIops() throws Exception {
    assertTop("/api/v1/top?type=host&metric=disk.maxLatency", ranked(Pinned::latencyMs, h -> true), Pinned::latencyMs, "ms");
    assertTop("/api/v1/top?type=host&metric=disk.readIops&range=hour", ranked(Pinned::readIops, h -> true), Pinned::readIops, "iops");
    assertTop("/api/v1/top?type=host&metric=disk.writeIops&limit=2", ranked(Pinned::writeIops, h -> true).subList(0, 2), Pinned::writeIops, "iops");
    // within a cluster: its hosts only, as the model lists them
    JsonNode cluster = dc.path("clusters").get(0);
    Set<String> inCluster = new HashSet<>();
    cluster.path("hosts").forEach(h -> inCluster.add("sim:" + h.asText()));
    List<Pinned> clustered = ranked(Pinned::readIops, h -> inCluster.contains(h.id()));
    assertThat(clustered).isNotEmpty().hasSizeLessThan(hosts.size());
    assertTop("/api/v1/top?type=host&metric=disk.readIops&scope=" + TestApp.enc("sim:" + cluster.path("moid").asText()), clustered, Pinned::readIops,
        "iops");
  }

  @Test
  void theTopPageAsksForThemAndAHostsPageGraphsThem() throws Exception {
    Pinned first = hosts.get(0);
    browser.open("entity.html?id=" + TestApp.enc(first.id()));
    assertThat(browser.findAll("#charts .chart h3")).extracting(WebElement::getText)
        .contains("Disk latency (highest)", "Disk read IOPS", "Disk write IOPS");

    browser.open("top.html?type=host&metric=disk.writeIops&range=hour&dc=" + TestApp.enc("sim:" + dc.path("moid").asText()));
    assertThat(new Select(browser.find("#q-metric")).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("disk.writeIops");
    assertThat(metricOptions()).contains("Disk latency (highest)", "Disk read IOPS", "Disk write IOPS");
    List<String> names = ranked(Pinned::writeIops, h -> true).stream().map(Pinned::name).toList();
    assertThat(browser.findAll("table.data tbody td[data-col='name']")).extracting(WebElement::getText).containsExactlyElementsOf(names);

    new Select(browser.find("#lang-select")).selectByValue("fr");
    try {
      browser.waitUntil(d -> metricOptions().contains("IOPS en écriture disque"));
      assertThat(metricOptions()).contains("Latence disque (la plus élevée)", "IOPS en lecture disque", "IOPS en écriture disque");
    } finally {
      new Select(browser.find("#lang-select")).selectByValue("en");
      browser.waitUntil(d -> metricOptions().contains("Disk write IOPS"));
    }
  }

  private static List<String> metricOptions() {
    return browser.findAll("#q-metric option").stream().map(WebElement::getText).toList();
  }
}
