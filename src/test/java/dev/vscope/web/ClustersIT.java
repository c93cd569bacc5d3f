package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/clusters} against the simulator: every figure of every cluster equals the one
 * worked out here from the launcher's model, which sums each cluster's hosts and VMs in Go from
 * govmomi's objects. The formulas below are those of docs/operations.md, written out again.
 */
class ClustersIT {

  static final long MB = 1024L * 1024;
  static TestApp app;
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    // 10 hosts in the datacenter: the second to last (in a cluster) is disconnected, the last
    // (standalone) in maintenance; 3 clusters: HA on/off, DRS on/on/off, three automation levels
    app = TestApp.start("-dc", "1", "-cluster", "3", "-host", "3", "-standalone-host", "1", "-vm", "8", "-ds", "2");
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Test
  void totalsRatiosNPlusOneAndVmsLeftEqualTheModel() throws Exception {
    assertEqualsModel(app.getJson("/api/v1/clusters"), 80, false);
    assertEqualsModel(app.getJson("/api/v1/clusters?target=65&nplus1=true"), 65, true);
    assertEqualsModel(app.getJson("/api/v1/clusters?target=100&nplus1=false"), 100, false);
  }

  @Test
  void aHostEnteringMaintenanceIsFollowed() throws Exception {
    JsonNode cluster = app.simulator().model().path("datacenters").get(0).path("clusters").get(0);
    String host = cluster.path("hosts").get(0).asText();
    try {
      app.simulator().control(json.writeValueAsString(Map.of("maintenance", Map.of("host", host, "on", true))));
      app.collectNow();
      JsonNode after = app.simulator().model().path("datacenters").get(0).path("clusters").get(0);
      assertThat(after.path("hostsInMaintenance").asInt()).isEqualTo(1);
      assertThat(after.path("effectiveCpuMhz").asLong()).isLessThan(cluster.path("effectiveCpuMhz").asLong());
      assertEqualsModel(app.getJson("/api/v1/clusters"), 80, false);
      assertEqualsModel(app.getJson("/api/v1/clusters?nplus1=true"), 80, true);
    } finally {
      app.simulator().control(json.writeValueAsString(Map.of("maintenance", Map.of("host", host, "on", false))));
      app.collectNow();
    }
  }

  /**
   * As on a real vCenter, ESXi keeps part of each host: the effective capacity is below the raw
   * hardware of the hosts it counts, by a share that differs per cluster. Taking the largest host's
   * raw hardware away from it would then give another N+1, which the test above would see.
   */
  @Test
  void effectiveCapacityIsBelowTheHostsHardwareAndN1TakesOnlyTheLargestHostsShare() throws Exception {
    JsonNode rows = app.getJson("/api/v1/clusters");
    Set<Double> cpuShares = new HashSet<>();
    Set<Double> memShares = new HashSet<>();
    boolean rawWouldDiffer = false;
    for (JsonNode m : app.simulator().model().path("datacenters").get(0).path("clusters")) {
      double cpuShare = m.path("effectiveCpuMhz").asDouble() / m.path("countedHostsCpuMhz").asDouble();
      double memShare = m.path("effectiveMemoryMB").asDouble() * MB / m.path("countedHostsMemoryBytes").asDouble();
      assertThat(cpuShare).as(m.path("name").asText()).isBetween(0.85, 0.99);
      assertThat(memShare).as(m.path("name").asText()).isBetween(0.85, 0.99);
      cpuShares.add(cpuShare);
      memShares.add(memShare);
      double rawRule = 100.0 * m.path("cpuUsageMhz").asLong() / (m.path("effectiveCpuMhz").asLong() - m.path("largestHostCpuMhz").asLong());
      double shown = find(rows, "sim:" + m.path("moid").asText()).path("nPlusOne").path("cpuPercent").asDouble();
      rawWouldDiffer |= Math.abs(rawRule - shown) > 1;
    }
    assertThat(cpuShares).hasSize(3);
    assertThat(memShares).hasSize(3);
    assertThat(rawWouldDiffer).isTrue();
  }

  /** With its hosts loaded, a cluster cannot lose its largest host: N+1 does not hold, and no VM fits with it down. */
  @Test
  void aLoadedClusterDoesNotHoldWithItsLargestHostDown() throws Exception {
    String moid = app.simulator().model().path("datacenters").get(0).path("clusters").get(0).path("moid").asText();
    try {
      app.simulator().control(json.writeValueAsString(Map.of("clusterLoad", Map.of("cluster", moid, "cpuPercent", 60, "memPercent", 45))));
      app.collectNow();
      JsonNode m = find(app.simulator().model().path("datacenters").get(0).path("clusters"), moid, "moid");
      JsonNode expected = m.path("nPlusOne");
      assertThat(expected.path("holds").asBoolean()).isFalse();
      assertThat(expected.path("cpuPercent").asDouble()).as("CPU does not fit").isGreaterThan(100);
      assertThat(expected.path("memPercent").asDouble()).as("memory does").isLessThan(100);

      JsonNode row = find(app.getJson("/api/v1/clusters?nplus1=true&target=100"), "sim:" + moid);
      JsonNode n1 = row.path("nPlusOne");
      assertThat(n1.path("holds").asBoolean()).isFalse();
      assertThat(n1.path("cpuPercent").asDouble()).isCloseTo(expected.path("cpuPercent").asDouble(), within(0.051));
      assertThat(n1.path("memPercent").asDouble()).isCloseTo(expected.path("memPercent").asDouble(), within(0.051));
      int on = m.path("vmsPoweredOn").asInt();
      double memLeft = expected.path("memCapacityMB").asDouble() * MB;
      int leftMem = (int) Math.max(0, Math.floor(on * (100 / 100.0 * memLeft) / (m.path("memUsageMB").asLong() * MB) - on));
      assertThat(row.path("capacity").path("vmsLeftCpu").asInt()).isZero();
      assertThat(row.path("capacity").path("vmsLeftMem").asInt()).isEqualTo(leftMem);
      assertThat(row.path("capacity").path("vmsLeft").asInt()).isZero();

      assertThat(assertEqualsModel(app.getJson("/api/v1/clusters?nplus1=true&target=100"), 100, true)).contains(false, true);
      assertThat(assertEqualsModel(app.getJson("/api/v1/clusters"), 80, false)).contains(false, true);
    } finally {
      app.simulator().control("{\"clusterLoad\": {\"cluster\": \"" + moid + "\", \"cpuPercent\": null, \"memPercent\": null}}");
      app.collectNow();
    }
  }

  /** Compares each row with the model; the inventory varies enough that the cases differ. */
  static Set<Boolean> assertEqualsModel(JsonNode rows, int target, boolean nPlusOne) throws Exception {
    JsonNode model = app.simulator().model();
    Set<Boolean> holds = new HashSet<>();
    Set<String> expectedIds = new HashSet<>();
    Set<Boolean> ha = new HashSet<>();
    Set<String> behaviors = new HashSet<>();
    for (JsonNode dc : model.path("datacenters")) {
      for (JsonNode m : dc.path("clusters")) {
        String id = "sim:" + m.path("moid").asText();
        expectedIds.add(id);
        JsonNode r = find(rows, id);
        String as = id + " target " + target + " nplus1 " + nPlusOne;
        assertThat(r.path("name").asText()).as(as).isEqualTo(m.path("name").asText());
        assertThat(r.path("datacenter").asText()).as(as).isEqualTo("sim:" + dc.path("moid").asText());
        assertThat(r.path("hosts").asInt()).as(as).isEqualTo(m.path("hosts").size()).isEqualTo(m.path("numHosts").asInt());
        assertThat(r.path("hostsConnected").asInt()).as(as).isEqualTo(m.path("hostsConnected").asInt());
        assertThat(r.path("hostsInMaintenance").asInt()).as(as).isEqualTo(m.path("hostsInMaintenance").asInt());
        assertThat(r.path("cores").asInt()).as(as).isEqualTo(m.path("numCpuCores").asInt());
        assertThat(r.path("threads").asInt()).as(as).isEqualTo(m.path("numCpuThreads").asInt());
        long cpuCapacity = m.path("effectiveCpuMhz").asLong();
        long memCapacity = m.path("effectiveMemoryMB").asLong() * MB;
        assertThat(r.path("cpuCapacityMhz").asLong()).as(as).isEqualTo(cpuCapacity);
        assertThat(r.path("memCapacityBytes").asLong()).as(as).isEqualTo(memCapacity);
        long cpuUsed = m.path("cpuUsageMhz").asLong();
        long memUsed = m.path("memUsageMB").asLong() * MB;
        assertThat(r.path("cpuUsagePercent").asDouble()).as(as).isCloseTo(100.0 * cpuUsed / cpuCapacity, within(0.051));
        assertThat(r.path("memUsagePercent").asDouble()).as(as).isCloseTo(100.0 * memUsed / memCapacity, within(0.051));
        int on = m.path("vmsPoweredOn").asInt();
        assertThat(r.path("vms").asInt()).as(as).isEqualTo(m.path("vms").asInt());
        assertThat(r.path("vmsPoweredOn").asInt()).as(as).isEqualTo(on);
        assertThat(r.path("vcpus").asInt()).as(as).isEqualTo(m.path("vcpus").asInt());
        assertThat(r.path("vcpuPerCore").asDouble()).as(as)
            .isCloseTo((double) m.path("vcpus").asInt() / m.path("numCpuCores").asInt(), within(0.0051));
        assertThat(r.path("memAllocatedBytes").asLong()).as(as).isEqualTo(m.path("memAllocatedMB").asLong() * MB);
        assertThat(r.path("haEnabled").asBoolean()).as(as).isEqualTo(m.path("haEnabled").asBoolean());
        assertThat(r.path("drsEnabled").asBoolean()).as(as).isEqualTo(m.path("drsEnabled").asBoolean());
        assertThat(r.path("drsBehavior").asText()).as(as).isEqualTo(m.path("drsBehavior").asText());
        ha.add(m.path("haEnabled").asBoolean());
        behaviors.add(m.path("drsBehavior").asText());

        // vRAM allocated is over the hosts' physical memory, not the effective memory
        assertThat(r.path("memPhysicalBytes").asLong()).as(as).isEqualTo(m.path("physicalMemoryBytes").asLong())
            .isEqualTo(m.path("totalMemoryBytes").asLong());

        // N+1: the same load on the effective capacity left with the largest host down, as the model works it out
        JsonNode modelN1 = m.path("nPlusOne");
        double cpuLeft = modelN1.path("cpuCapacityMhz").asDouble();
        double memLeft = modelN1.path("memCapacityMB").asDouble() * MB;
        JsonNode n1 = r.path("nPlusOne");
        assertThat(n1.path("cpuPercent").asDouble()).as(as).isCloseTo(modelN1.path("cpuPercent").asDouble(), within(0.051));
        assertThat(n1.path("memPercent").asDouble()).as(as).isCloseTo(modelN1.path("memPercent").asDouble(), within(0.051));
        assertThat(n1.path("holds").asBoolean()).as(as).isEqualTo(modelN1.path("holds").asBoolean());
        holds.add(n1.path("holds").asBoolean());

        // VMs left: more VMs of the average powered-on VM's usage, up to the target
        double cpuCap = nPlusOne ? cpuLeft : cpuCapacity;
        double memCap = nPlusOne ? memLeft : memCapacity;
        int leftCpu = (int) Math.max(0, Math.floor(on * (target / 100.0 * cpuCap) / cpuUsed - on));
        int leftMem = (int) Math.max(0, Math.floor(on * (target / 100.0 * memCap) / memUsed - on));
        JsonNode capacity = r.path("capacity");
        assertThat(capacity.path("targetPercent").asInt()).as(as).isEqualTo(target);
        assertThat(capacity.path("vmsLeftCpu").asInt()).as(as).isEqualTo(leftCpu);
        assertThat(capacity.path("vmsLeftMem").asInt()).as(as).isEqualTo(leftMem);
        assertThat(capacity.path("vmsLeft").asInt()).as(as).isEqualTo(Math.min(leftCpu, leftMem));
        assertThat(r.size()).as("the fields of issue 12 and memPhysicalBytes").isEqualTo(23);
        assertThat(n1.size()).isEqualTo(3);
        assertThat(capacity.size()).isEqualTo(4);
      }
    }
    Set<String> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.path("id").asText()));
    assertThat(ids).isEqualTo(expectedIds).hasSize(3);
    assertThat(ha).containsExactlyInAnyOrder(true, false);
    assertThat(behaviors).containsExactlyInAnyOrder("fullyAutomated", "partiallyAutomated", "manual");
    return holds;
  }

  @Test
  void filtersByDatacenter() throws Exception {
    JsonNode dc = app.simulator().model().path("datacenters").get(0);
    assertThat(app.getJson("/api/v1/clusters?datacenter=" + TestApp.enc("sim:" + dc.path("moid").asText())).size())
        .isEqualTo(dc.path("clusters").size());
    assertThat(app.get("/api/v1/clusters?datacenter=" + TestApp.enc("sim:datacenter-404")).statusCode()).isEqualTo(404);
  }

  @Test
  void badParametersAreJson400sNamingTheParameter() throws Exception {
    for (String q : new String[] {"target=0", "target=101", "target=abc", "target=80.5", "target=-5"}) {
      expect400("/api/v1/clusters?" + q, "target");
    }
    for (String q : new String[] {"nplus1=yes", "nplus1=1", "nplus1=TRUE"}) {
      expect400("/api/v1/clusters?" + q, "nplus1");
    }
    // a misspelt parameter is refused, not ignored as if absent
    String dc = app.simulator().model().path("datacenters").get(0).path("moid").asText();
    expect400("/api/v1/clusters?datacentre=" + TestApp.enc("sim:" + dc), "datacentre");
    expect400("/api/v1/clusters?target=65&nplus=true", "nplus");
    // clusters have history but are not among what Top-N ranks
    expect400("/api/v1/top?type=cluster&metric=cpu.usage", "type");
    HttpResponse<String> fr = app.get("/api/v1/clusters?target=0", "Accept-Language", "fr");
    assertThat(json.readTree(fr.body()).path("message").asText()).isEqualTo("le paramètre 'target' doit être un nombre entier de 1 à 100");
  }

  static void expect400(String path, String parameter) throws Exception {
    HttpResponse<String> r = app.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(400);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("error").asText()).as(path).isEqualTo("bad_request");
    assertThat(body.path("message").asText()).as(path).contains("'" + parameter + "'").doesNotContain("Exception");
  }

  @Test
  void aClusterIsAnEntityWithHistory() throws Exception {
    JsonNode m = app.simulator().model().path("datacenters").get(0).path("clusters").get(0);
    String id = "sim:" + m.path("moid").asText();
    JsonNode entity = app.getJson("/api/v1/entities/" + TestApp.enc(id));
    assertThat(entity.path("type").asText()).isEqualTo("cluster");
    assertThat(entity.path("name").asText()).isEqualTo(m.path("name").asText());
    assertThat(entity.path("properties").path("cores").asInt()).isEqualTo(m.path("numCpuCores").asInt());
    Set<String> metrics = new HashSet<>();
    entity.path("metrics").forEach(n -> metrics.add(n.path("name").asText() + " " + n.path("unit").asText()));
    assertThat(metrics).containsExactlyInAnyOrder("cpu.usage percent", "mem.usage percent");
    assertThat(app.getJson("/api/v1/entities?id=" + TestApp.enc(id)).path("id").asText()).isEqualTo(id);

    // A cycle in a 20-s step of its own: the store keeps the first sample of a step, so after another
    // test's cycle in the same step, the newest point would not be the newest cycle's usage.
    long now = System.currentTimeMillis();
    Thread.sleep(20_000 - now % 20_000 + 500);
    assertThat(app.collectNow()).isTrue();
    double usage = find(app.getJson("/api/v1/clusters"), id).path("cpuUsagePercent").asDouble();
    for (String range : new String[] {"hour", "day", "week", "month", "year"}) {
      JsonNode series = app.getJson("/api/v1/series?entity=" + TestApp.enc(id) + "&metric=cpu.usage&range=" + range);
      assertThat(series.path("unit").asText()).isEqualTo("percent");
      assertThat(series.path("points").size()).as(range).isPositive();
      if (range.equals("hour")) {
        // one cycle so far: longer ranges consolidate it once enough of a step is known
        JsonNode last = lastKnown(series.path("points"));
        assertThat(last).isNotNull();
        assertThat(last.get(1).asDouble()).isEqualTo(usage);
      }
    }
    assertThat(app.getJson("/api/v1/series?entity=" + TestApp.enc(id) + "&metric=mem.usage").path("points").size()).isPositive();
    assertThat(app.get("/api/v1/series?entity=" + TestApp.enc(id) + "&metric=net.rx").statusCode()).isEqualTo(404);
  }

  /** The newest point with a value. */
  static JsonNode lastKnown(JsonNode points) {
    JsonNode last = null;
    for (JsonNode p : points) {
      if (!p.get(1).isNull()) {
        last = p;
      }
    }
    return last;
  }

  static JsonNode find(JsonNode array, String id) {
    return find(array, id, "id");
  }

  static JsonNode find(JsonNode array, String id, String field) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no " + id + " in " + array);
  }
}
