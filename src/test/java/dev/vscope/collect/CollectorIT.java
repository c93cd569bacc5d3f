package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.CollectorConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.Series;
import dev.vscope.store.TimeRange;
import dev.vscope.testing.Sims;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collection cycles against the simulator, writing to a real store in a temp dir. */
class CollectorIT {

  @TempDir Path dir;
  Simulator sim;

  @BeforeEach
  void start() throws Exception {
    sim = Sims.start("-dc", "1", "-cluster", "2", "-host", "3", "-standalone-host", "1", "-vm", "3", "-ds", "2");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private VcenterCollector collector(HistoryStore store) {
    return new VcenterCollector(Sims.config(sim, "sim"), CollectorConfig.defaults(), store, Clock.systemUTC(), Vcenters::login);
  }

  @Test
  void aCycleStoresPhysicallyPlausibleValuesForEveryEntity() throws Exception {
    try (HistoryStore store = EmbeddedHistoryStore.open(dir, Clock.systemUTC()); VcenterCollector c = collector(store)) {
      assertThat(c.cycle()).isTrue();
      VcenterSnapshot snap = c.snapshot();
      assertThat(snap.status().state()).isEqualTo(CollectionState.OK);
      assertThat(snap.status().error()).isNull();
      assertThat(snap.status().missingCounters()).isEmpty();
      Inventory inv = snap.inventory();
      int checked = 0;
      for (Inventory.Datacenter dc : inv.datacenters()) {
        for (Inventory.Host h : dc.hosts()) {
          if (h.connectionState() == ConnectionState.CONNECTED) {
            checked += assertPlausible(store, h.id(), Metric.Kind.HOST, List.of("cpu.usage", "mem.usage", "net.rx", "net.tx", "cpu.ready", "disk.maxLatency",
                "disk.readIops", "disk.writeIops"));
            assertThat(store.metrics(h.id())).contains("net.rx[" + h.nics().get(0).device() + "]");
          }
        }
        for (Inventory.Vm v : dc.vms()) {
          if (v.powerState() == PowerState.POWERED_ON) {
            checked += assertPlausible(store, v.id(), Metric.Kind.VM,
                List.of("cpu.usage", "cpu.ready", "mem.usage", "net.rx", "disk.read", "disk.readIops", "disk.readLatency", "disk.maxLatency"));
          } else {
            assertThat(store.metrics(v.id())).doesNotContain("cpu.usage");
          }
        }
        for (Inventory.Datastore d : dc.datastores()) {
          // latency and IOPS come from the hosts that mount it: none for an inaccessible one
          List<String> metrics = d.accessible() && d.hosts() > 0
              ? List.of("space.capacity", "space.free", "space.usedPercent", "readLatency", "writeLatency", "readIops", "writeIops")
              : List.of("space.capacity", "space.free", "space.usedPercent");
          checked += assertPlausible(store, d.id(), Metric.Kind.DATASTORE, metrics);
        }
      }
      assertThat(checked).isGreaterThan(50);
      // the datastores' 5-minute samples fill the day graph, not just single 20 s steps of it
      Inventory.Datastore ds = inv.datacenters().get(0).datastores().stream().filter(Inventory.Datastore::accessible).findFirst().orElseThrow();
      long knownFiveMinutePoints = store.read(ds.id(), "disk.used", TimeRange.DAY, Instant.now().plusSeconds(300)).points().stream()
          .filter(p -> !Double.isNaN(p.avg())).count();
      assertThat(knownFiveMinutePoints).isGreaterThanOrEqualTo(6);
    }
  }

  /** Metrics the simulator always has values for; for others it may answer -1 (no value), kept as a gap. */
  private static final java.util.Set<String> ALWAYS_KNOWN = java.util.Set.of("cpu.usage", "mem.usage", "net.rx", "net.tx", "space.capacity", "space.free");

  /** Every stored value of these metrics is within the physical range of its unit; returns how many metrics were checked. */
  private static int assertPlausible(HistoryStore store, String id, Metric.Kind kind, List<String> metrics) {
    for (String m : metrics) {
      assertThat(store.metrics(id)).as(id).contains(m);
      Series s = store.read(id, m, TimeRange.HOUR, Instant.now().plusSeconds(20));
      long known = s.points().stream().filter(p -> !Double.isNaN(p.avg())).count();
      if (ALWAYS_KNOWN.contains(m)) {
        assertThat(known).as(id + " " + m).isPositive();
      }
      String unit = Metric.unitOf(kind, m).orElseThrow();
      double mean = s.points().stream().filter(p -> !Double.isNaN(p.avg())).mapToDouble(Series.Point::avg).average().orElse(0);
      if (unit.equals(Metric.PERCENT) && !m.equals("space.usedPercent")) {
        // the simulator's counters hover well inside the range: a wrong scale would show here
        assertThat(mean).as(id + " " + m + " mean").isLessThan(95);
      }
      for (Series.Point p : s.points()) {
        if (Double.isNaN(p.avg())) {
          continue;
        }
        assertThat(p.avg()).as(id + " " + m).isGreaterThanOrEqualTo(0);
        if (unit.equals(Metric.PERCENT)) {
          assertThat(p.max()).as(id + " " + m).isLessThanOrEqualTo(100);
        }
      }
    }
    return metrics.size();
  }

  @Test
  void historySurvivesARestart() throws Exception {
    String host;
    long known;
    // one hour for both counts: an hour ending "now" would slide a step between them
    Instant end = Instant.now().plusSeconds(20);
    try (HistoryStore store = EmbeddedHistoryStore.open(dir, Clock.systemUTC()); VcenterCollector c = collector(store)) {
      assertThat(c.cycle()).isTrue();
      host = c.snapshot().inventory().datacenters().get(0).hosts().get(0).id();
      known = knownPoints(store, host, end);
    }
    assertThat(known).isGreaterThan(100);
    try (HistoryStore store = EmbeddedHistoryStore.open(dir, Clock.systemUTC()); VcenterCollector c = collector(store)) {
      assertThat(knownPoints(store, host, end)).isGreaterThanOrEqualTo(known);
      assertThat(c.cycle()).isTrue();
      assertThat(knownPoints(store, host, Instant.now().plusSeconds(20))).isGreaterThanOrEqualTo(known);
    }
  }

  private static long knownPoints(HistoryStore store, String id, Instant end) {
    return store.read(id, "cpu.usage", TimeRange.HOUR, end).points().stream().filter(p -> !Double.isNaN(p.avg())).count();
  }

  @Test
  void aFailedCycleKeepsTheSnapshotAndRecordsTheError() throws Exception {
    try (HistoryStore store = EmbeddedHistoryStore.open(dir, Clock.systemUTC()); VcenterCollector c = collector(store)) {
      assertThat(c.cycle()).isTrue();
      Inventory before = c.snapshot().inventory();
      sim.control("{\"down\": true}");
      assertThat(c.cycle()).isFalse();
      VcenterSnapshot failed = c.snapshot();
      assertThat(failed.status().state()).isEqualTo(CollectionState.FAILING);
      assertThat(failed.status().error()).contains("sim");
      assertThat(failed.inventory()).isSameAs(before);
      assertThat(failed.status().lastSuccess()).isBefore(failed.status().lastAttempt().plusMillis(1));
      sim.control("{\"down\": false}");
      assertThat(c.cycle()).isTrue();
      assertThat(c.snapshot().status().error()).isNull();
      assertThat(c.snapshot().status().state()).isEqualTo(CollectionState.OK);
    }
  }

  @Test
  void tooManyMetricsShrinksTheBatch() throws Exception {
    try (HistoryStore store = EmbeddedHistoryStore.open(dir, Clock.systemUTC()); VcenterCollector c = collector(store)) {
      assertThat(c.cycle()).isTrue();
      assertThat(c.maxQueryMetrics()).isEqualTo(256);
      // vCenter now refuses queries of more than 40 metrics, while still advertising 256
      sim.control("{\"maxQueryMetrics\": 40}");
      assertThat(c.cycle()).isTrue();
      assertThat(c.maxQueryMetrics()).isLessThanOrEqualTo(40);
      assertThat(c.snapshot().status().skipped()).isEmpty();
    }
  }

  @Test
  void aRemovedVmIsSkippedNotFatal() throws Exception {
    try (HistoryStore store = EmbeddedHistoryStore.open(dir, Clock.systemUTC()); VcenterCollector c = collector(store)) {
      assertThat(c.cycle()).isTrue();
      Map<String, Integer> before = Map.of("vms", c.snapshot().inventory().datacenters().get(0).vms().size());
      String moid = sim.model().path("datacenters").get(0).path("vms").get(0).path("moid").asText();
      sim.control("{\"destroyVm\": \"" + moid + "\"}");
      assertThat(c.cycle()).isTrue();
      assertThat(c.snapshot().inventory().datacenters().get(0).vms()).hasSize(before.get("vms") - 1);
      // its history stays until retention removes it
      assertThat(store.metrics("sim:" + moid)).contains("cpu.usage");
    }
  }
}
