package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.TestApp;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/top} against values the test pins in the simulator (its control API's
 * {@code setPerf}) before vscope's first cycle: every counter ranked here is pinned for every VM and
 * host, and for every datastore of every host, so no random sample takes part. The expected order
 * and each {@code value} come from the pinned raw values, converted to vscope's unit here as vSphere
 * documents the counters, over the members of the scope as the simulator's model lists them.
 * ({@link TopIT} checks the same against the simulator's random values, through {@code series}.)
 */
class TopPinnedIT {

  static final MutableClock clock = new MutableClock(Instant.now());
  /** vSphere's realtime interval: a {@code .summation} counter sums its milliseconds over 20 s. */
  static final double INTERVAL_MS = 20_000;
  static TestApp app;
  static JsonNode dc;
  /** entity moid → vscope metric → the value expected in vscope's unit. */
  static final Map<String, Map<String, Double>> expected = new HashMap<>();

  /**
   * One counter pinned, and what vscope ranks it as.
   *
   * @param metric vscope's name
   * @param counter vSphere's {@code group.name.rollup}
   * @param unit vscope's unit
   * @param base the pinned raw value is {@code base × level}, each entity at its own level
   */
  record Pinned(String metric, String counter, String unit, long base) {}

  static final List<Pinned> VM = List.of(
      new Pinned("cpu.ready", "cpu.ready.summation", "percent", 0), // made per VM, see readyMs
      new Pinned("cpu.usage", "cpu.usage.average", "percent", 700),
      new Pinned("disk.maxLatency", "disk.maxTotalLatency.latest", "ms", 110),
      new Pinned("disk.readLatency", "virtualDisk.totalReadLatency.average", "ms", 130),
      new Pinned("disk.writeLatency", "virtualDisk.totalWriteLatency.average", "ms", 170),
      new Pinned("disk.readIops", "virtualDisk.numberReadAveraged.average", "iops", 1_900),
      new Pinned("disk.writeIops", "virtualDisk.numberWriteAveraged.average", "iops", 2_300),
      new Pinned("net.rx", "net.bytesRx.average", "KBps", 29_000),
      new Pinned("net.tx", "net.bytesTx.average", "KBps", 31_000));
  static final List<Pinned> HOST = List.of(
      new Pinned("cpu.ready", "cpu.ready.summation", "percent", 0),
      new Pinned("cpu.usage", "cpu.usage.average", "percent", 900),
      new Pinned("net.rx", "net.bytesRx.average", "KBps", 41_000),
      new Pinned("net.tx", "net.bytesTx.average", "KBps", 43_000));
  /** Hosts' per-datastore counters: a datastore's IOPS are their sum over its hosts, its latency their mean. */
  static final List<Pinned> DATASTORE = List.of(
      new Pinned("readLatency", "datastore.totalReadLatency.average", "ms", 10),
      new Pinned("writeLatency", "datastore.totalWriteLatency.average", "ms", 10),
      new Pinned("readIops", "datastore.numberReadAveraged.average", "iops", 100),
      new Pinned("writeIops", "datastore.numberWriteAveraged.average", "iops", 100));

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(clock, TopPinnedIT::pin, "-dc", "1", "-cluster", "2", "-host", "3", "-standalone-host", "1", "-vm", "4", "-ds", "3");
    clock.set(Instant.now()); // then frozen: top and series answer for the same range
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  /** Levels 1..n in an order of their own per counter (a fixed seed), so no two metrics rank alike. */
  static List<Integer> levels(int n, int seed) {
    List<Integer> out = new ArrayList<>(IntStream.rangeClosed(1, n).boxed().toList());
    Collections.shuffle(out, new Random(seed));
    return out;
  }

  static void pin(Simulator sim) throws IOException {
    dc = sim.model().path("datacenters").get(0);
    List<JsonNode> vms = list(dc.path("vms"));
    List<JsonNode> hosts = list(dc.path("hosts"));
    List<JsonNode> datastores = list(dc.path("datastores"));
    int seed = 1;
    for (Pinned p : VM) {
      List<Integer> level = levels(vms.size(), seed++);
      for (int i = 0; i < vms.size(); i++) {
        JsonNode vm = vms.get(i);
        int cpus = vm.path("numCpu").asInt();
        // CPU ready: ready milliseconds summed over the 20 s sample, over the sample's time per vCPU
        // (VMware KB 2002181); pinned as 3 % per level, whatever the vCPUs, so the ms do not rank alike
        long raw = p.base() == 0 ? level.get(i) * 3L * (long) INTERVAL_MS * cpus / 100 : p.base() * level.get(i);
        double value = p.base() == 0 ? raw / (INTERVAL_MS * cpus) * 100 : converted(p, raw);
        setPerf(sim, vm.path("moid").asText(), null, p.counter(), raw);
        expected.computeIfAbsent(vm.path("moid").asText(), k -> new HashMap<>()).put(p.metric(), value);
      }
    }
    for (Pinned p : HOST) {
      List<Integer> level = levels(hosts.size(), seed++);
      for (int i = 0; i < hosts.size(); i++) {
        JsonNode host = hosts.get(i);
        int cores = host.path("cores").asInt();
        // a host's CPU ready is over its cores' time
        long raw = p.base() == 0 ? level.get(i) * 4L * (long) INTERVAL_MS * cores / 100 : p.base() * level.get(i);
        double value = p.base() == 0 ? raw / (INTERVAL_MS * cores) * 100 : converted(p, raw);
        setPerf(sim, host.path("moid").asText(), null, p.counter(), raw);
        expected.computeIfAbsent(host.path("moid").asText(), k -> new HashMap<>()).put(p.metric(), value);
      }
    }
    for (Pinned p : DATASTORE) {
      List<Integer> dsLevel = levels(datastores.size(), seed++);
      List<Integer> hostLevel = levels(hosts.size(), seed++);
      for (int d = 0; d < datastores.size(); d++) {
        String ds = datastores.get(d).path("moid").asText();
        double sum = 0;
        int reporting = 0;
        for (int h = 0; h < hosts.size(); h++) {
          JsonNode host = hosts.get(h);
          if (!contains(host.path("datastores"), ds)) {
            continue;
          }
          // each datastore of each host its own figure: the datastore's level dominates, the host's tells hosts apart
          long raw = p.base() * dsLevel.get(d) + hostLevel.get(h);
          setPerf(sim, host.path("moid").asText(), ds, p.counter(), raw);
          if (connected(host)) { // a host vCenter lost has no statistics
            sum += raw;
            reporting++;
          }
        }
        if (reporting > 0) {
          double value = p.unit().equals("iops") ? sum : sum / reporting;
          expected.computeIfAbsent(ds, k -> new HashMap<>()).put(p.metric(), value);
        }
      }
    }
  }

  /** Counters other than CPU ready: percent counters are in hundredths, the rest in vscope's unit already. */
  static double converted(Pinned p, long raw) {
    return p.unit().equals("percent") ? raw / 100.0 : raw;
  }

  static void setPerf(Simulator sim, String entity, String datastore, String counter, long value) throws IOException {
    String ds = datastore == null ? "" : ", \"datastore\": \"" + datastore + "\"";
    JsonNode answer = sim.control("{\"setPerf\": {\"entity\": \"" + entity + "\"" + ds + ", \"counter\": \"" + counter + "\", \"value\": " + value + "}}");
    assertThat(answer.has("error")).as(answer.toString()).isFalse();
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  static boolean contains(JsonNode array, String text) {
    for (JsonNode n : array) {
      if (n.asText().equals(text)) {
        return true;
      }
    }
    return false;
  }

  static boolean connected(JsonNode host) {
    return host.path("connectionState").asText().equals("connected");
  }

  /** Entities with statistics: running VMs, connected hosts, datastores a connected host mounts. */
  static boolean hasStatistics(String kind, JsonNode e) {
    return switch (kind) {
      case "vms" -> e.path("powerState").asText().equals("poweredOn");
      case "hosts" -> connected(e);
      default -> expected.containsKey(e.path("moid").asText());
    };
  }

  record Row(String id, String name, double value) {}

  /** The model's entities of a kind within {@code member} that have statistics, ranked by the pinned value. */
  static List<Row> ranking(String kind, Predicate<JsonNode> member, String metric) {
    List<Row> out = new ArrayList<>();
    for (JsonNode e : dc.path(kind)) {
      if (member.test(e) && hasStatistics(kind, e)) {
        String moid = e.path("moid").asText();
        out.add(new Row("sim:" + moid, e.path("name").asText(), expected.get(moid).get(metric)));
      }
    }
    out.sort(Comparator.comparingDouble(Row::value).reversed());
    // distinct values, so that the order checked below is the only right one
    assertThat(out.stream().map(Row::value).distinct().count()).as(kind + " " + metric + " values").isEqualTo(out.size());
    return out;
  }

  static String type(String kind) {
    return Map.of("vms", "vm", "hosts", "host", "datastores", "datastore").get(kind);
  }

  /** Asks top for {@code limit} rows and checks them against the first of {@code ranking}. */
  static void assertTop(String kind, String metric, String unit, String range, String scope, int limit, List<Row> ranking) throws Exception {
    String q = "/api/v1/top?type=" + type(kind) + "&metric=" + metric + "&range=" + range + "&limit=" + limit
        + (scope == null ? "" : "&scope=" + TestApp.enc(scope));
    JsonNode top = app.getJson(q);
    List<String> got = new ArrayList<>();
    top.forEach(r -> got.add(r.path("entity").asText()));
    assertThat(got).as(q).isEqualTo(ranking.stream().limit(limit).map(Row::id).toList());
    for (int i = 0; i < top.size(); i++) {
      JsonNode row = top.get(i);
      Row e = ranking.get(i);
      assertThat(row.path("name").asText()).as(q).isEqualTo(e.name());
      assertThat(row.path("value").asDouble()).as(q + " " + e.id()).isCloseTo(e.value(), within(1e-9 * e.value()));
      assertThat(row.path("unit").asText()).as(q).isEqualTo(unit);
    }
  }

  /** The mean of the known points {@code series} returns for an entity, metric and range. */
  static double seriesMean(String id, String metric, String range) throws Exception {
    Double mean = app.seriesMean(id, metric, range);
    assertThat(mean).as(id + " " + metric + " points").isNotNull();
    return mean;
  }


  @Test
  void vmsRankByEachPinnedMetricWithItsValueInVscopesUnit() throws Exception {
    for (Pinned p : VM) {
      List<Row> all = ranking("vms", vm -> true, p.metric());
      assertThat(all).as("running VMs").hasSizeGreaterThan(5);
      assertTop("vms", p.metric(), p.unit(), "hour", null, 3, all);
      assertTop("vms", p.metric(), p.unit(), "hour", null, 1000, all);
    }
  }

  @Test
  void hostsAndDatastoresRankByEachPinnedMetric() throws Exception {
    for (Pinned p : HOST) {
      List<Row> all = ranking("hosts", h -> true, p.metric());
      assertThat(all).as("connected hosts").hasSizeGreaterThan(3);
      assertTop("hosts", p.metric(), p.unit(), "hour", null, 1000, all);
    }
    for (Pinned p : DATASTORE) {
      List<Row> all = ranking("datastores", d -> true, p.metric());
      assertThat(all).as("datastores with statistics").hasSizeGreaterThan(1);
      assertTop("datastores", p.metric(), p.unit(), "hour", null, 1000, all);
    }
  }

  @Test
  void theValueIsTheSeriesMeanOverEachRange() throws Exception {
    for (String range : List.of("hour", "day", "week")) {
      for (String[] q : new String[][] {{"vms", "cpu.ready", "percent"}, {"vms", "disk.maxLatency", "ms"}, {"hosts", "net.rx", "KBps"},
          {"datastores", "readIops", "iops"}}) {
        List<Row> all = ranking(q[0], e -> true, q[1]);
        assertTop(q[0], q[1], q[2], range, null, 1000, all);
        for (Row r : all) {
          assertThat(seriesMean(r.id(), q[1], range)).as(r.id() + " " + q[1] + " " + range).isCloseTo(r.value(), within(1e-9 * r.value()));
        }
      }
    }
  }

  @Test
  void scopesAreTheModelsDatacenterClustersHostsAndDatastores() throws Exception {
    String dcId = "sim:" + dc.path("moid").asText();
    // scope → which VMs, hosts and datastores of the model are in it
    Map<String, List<Predicate<JsonNode>>> scopes = new LinkedHashMap<>();
    scopes.put(dcId, List.of(vm -> true, h -> true, d -> true));
    for (JsonNode c : dc.path("clusters")) {
      Set<String> hosts = new HashSet<>();
      c.path("hosts").forEach(h -> hosts.add(h.asText()));
      scopes.put("sim:" + c.path("moid").asText(), List.of(vm -> hosts.contains(vm.path("host").asText()), h -> hosts.contains(h.path("moid").asText()),
          d -> mountedBy(hosts, d)));
    }
    for (JsonNode host : dc.path("hosts")) {
      String moid = host.path("moid").asText();
      scopes.put("sim:" + moid, List.of(vm -> vm.path("host").asText().equals(moid), h -> h.path("moid").asText().equals(moid),
          d -> mountedBy(Set.of(moid), d)));
    }
    for (JsonNode ds : dc.path("datastores")) {
      String moid = ds.path("moid").asText();
      scopes.put("sim:" + moid, List.of(vm -> contains(vm.path("datastores"), moid), h -> contains(h.path("datastores"), moid),
          d -> d.path("moid").asText().equals(moid)));
    }
    int nonEmpty = 0;
    for (Map.Entry<String, List<Predicate<JsonNode>>> s : scopes.entrySet()) {
      List<Row> vms = ranking("vms", s.getValue().get(0), "disk.readIops");
      assertTop("vms", "disk.readIops", "iops", "hour", s.getKey(), 1000, vms);
      assertTop("vms", "cpu.ready", "percent", "hour", s.getKey(), 2, ranking("vms", s.getValue().get(0), "cpu.ready"));
      assertTop("hosts", "cpu.usage", "percent", "hour", s.getKey(), 1000, ranking("hosts", s.getValue().get(1), "cpu.usage"));
      assertTop("datastores", "writeLatency", "ms", "hour", s.getKey(), 1000, ranking("datastores", s.getValue().get(2), "writeLatency"));
      nonEmpty += vms.isEmpty() ? 0 : 1;
    }
    // clusters and hosts hold some of the VMs each, and a datastore all of them or none here
    assertThat(nonEmpty).isGreaterThan(4);
  }

  static boolean mountedBy(Set<String> hosts, JsonNode datastore) {
    for (JsonNode h : dc.path("hosts")) {
      if (hosts.contains(h.path("moid").asText()) && contains(h.path("datastores"), datastore.path("moid").asText())) {
        return true;
      }
    }
    return false;
  }
}
