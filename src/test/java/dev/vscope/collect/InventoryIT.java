package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import dev.vscope.vim.VimClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inventory vscope reads through vim25 equals the simulator's own model, which the launcher
 * reads from govmomi's objects in Go and prints as JSON: an independent reader of the same truth.
 */
class InventoryIT {

  static Simulator sim;

  @BeforeAll
  static void start() throws Exception {
    sim = Sims.start("-dc", "2", "-cluster", "2", "-host", "3", "-standalone-host", "1", "-vm", "3", "-ds", "2");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void fullReadEqualsSimulatorModel() throws Exception {
    try (VimClient vc = VimClient.login(Sims.endpoint(sim, "sim"), sim.username(), sim.password())) {
      Inventory inv = new InventoryReader(vc, 1000, Clock.systemUTC()).read();
      assertMatchesModel(inv, sim.model());
    }
  }

  @Test
  void smallPagesReturnEveryObject() throws Exception {
    try (VimClient vc = VimClient.login(Sims.endpoint(sim, "sim"), sim.username(), sim.password())) {
      Inventory paged = new InventoryReader(vc, 10, Clock.systemUTC()).read();
      assertMatchesModel(paged, sim.model());
    }
  }

  @Test
  void trackerEqualsModelAndFollowsChanges() throws Exception {
    try (VimClient vc = VimClient.login(Sims.endpoint(sim, "sim"), sim.username(), sim.password())) {
      // small pages: the initial read arrives truncated in several WaitForUpdatesEx answers
      InventoryTracker tracker = new InventoryTracker(vc, Clock.systemUTC(), 7);
      assertMatchesModel(tracker.refresh(), sim.model());
      JsonNode vm = sim.model().path("datacenters").get(0).path("vms").get(0);
      sim.control("{\"renameVm\": {\"moid\": \"" + vm.path("moid").asText() + "\", \"name\": \"renamed <b>&amp;\"}}");
      Inventory after = tracker.refresh();
      assertMatchesModel(after, sim.model());
      assertThat(after.datacenters().get(0).vms()).extracting(Inventory.Vm::name).contains("renamed <b>&amp;");
      tracker.close();
    }
  }

  static void assertMatchesModel(Inventory inv, JsonNode model) {
    String vc = inv.vcenter();
    Map<String, JsonNode> modelDcs = new HashMap<>();
    model.path("datacenters").forEach(dc -> modelDcs.put(vc + ":" + dc.path("moid").asText(), dc));
    assertThat(inv.datacenters()).extracting(Inventory.Datacenter::id).containsExactlyInAnyOrderElementsOf(modelDcs.keySet());
    assertThat(modelDcs.values()).allSatisfy(dc -> assertThat(dc.path("vms").size()).isPositive());

    for (Inventory.Datacenter dc : inv.datacenters()) {
      JsonNode m = modelDcs.get(dc.id());
      assertThat(dc.name()).isEqualTo(m.path("name").asText());

      Map<String, JsonNode> hosts = byId(vc, m.path("hosts"));
      assertThat(dc.hosts()).extracting(Inventory.Host::id).containsExactlyInAnyOrderElementsOf(hosts.keySet());
      for (Inventory.Host h : dc.hosts()) {
        JsonNode e = hosts.get(h.id());
        assertThat(h.name()).isEqualTo(e.path("name").asText());
        assertThat(h.cluster()).isEqualTo(e.path("cluster").isNull() ? null : e.path("cluster").asText());
        assertThat(h.connectionState().vsphereName()).isEqualTo(e.path("connectionState").asText());
        assertThat(h.powerState().vsphereName()).isEqualTo(e.path("powerState").asText());
        assertThat(h.inMaintenanceMode()).isEqualTo(e.path("inMaintenanceMode").asBoolean());
        assertThat(h.cores()).isEqualTo(e.path("cores").asInt());
        assertThat(h.threads()).isEqualTo(e.path("threads").asInt());
        assertThat(h.memoryBytes()).isEqualTo(e.path("memoryBytes").asLong());
        assertThat(h.vms()).isEqualTo(e.path("vms").asInt());
        assertThat(h.vcpus()).isEqualTo(e.path("vcpus").asInt());
        List<String> mounted = new ArrayList<>();
        e.path("datastores").forEach(ds -> mounted.add(vc + ":" + ds.asText()));
        assertThat(h.datastores()).containsExactlyInAnyOrderElementsOf(mounted);
        if (h.connectionState() == ConnectionState.CONNECTED) {
          double cpuCapacity = e.path("cores").asDouble() * e.path("cpuMhz").asDouble();
          assertThat(h.cpuUsagePercent()).isCloseTo(100 * e.path("overallCpuUsageMhz").asDouble() / cpuCapacity, org.assertj.core.data.Offset.offset(0.06));
          assertThat(h.memUsagePercent())
              .isCloseTo(100 * e.path("overallMemoryUsageMB").asDouble() * 1024 * 1024 / e.path("memoryBytes").asDouble(), org.assertj.core.data.Offset.offset(0.06));
        }
        assertThat(h.nics()).hasSize(e.path("nics").size());
        for (JsonNode n : e.path("nics")) {
          Inventory.Nic nic = h.nics().stream().filter(x -> x.device().equals(n.path("device").asText())).findFirst().orElseThrow();
          assertThat(nic.up()).isEqualTo(n.path("up").asBoolean());
          assertThat(nic.linkSpeedMbps()).isEqualTo(n.path("linkSpeedMbps").isNull() ? null : n.path("linkSpeedMbps").asInt());
        }
        assertThat(h.build()).as("ESXi build").isEqualTo(e.path("health").path("build").asText());
      }

      // clusters: vSphere's summary and settings as read over SOAP, and the sums over their hosts and VMs
      Map<String, JsonNode> clusters = byId(vc, m.path("clusters"));
      assertThat(clusters).isNotEmpty();
      assertThat(dc.clusters()).extracting(Inventory.Cluster::id).containsExactlyInAnyOrderElementsOf(clusters.keySet());
      for (Inventory.Cluster c : dc.clusters()) {
        JsonNode e = clusters.get(c.id());
        assertThat(c.name()).isEqualTo(e.path("name").asText());
        List<String> members = new java.util.ArrayList<>();
        e.path("hosts").forEach(h -> members.add(vc + ":" + h.asText()));
        assertThat(c.hosts()).containsExactlyInAnyOrderElementsOf(members);
        assertThat(c.summary()).isEqualTo(new Inventory.ClusterSummary(e.path("numCpuCores").asInt(), e.path("numCpuThreads").asInt(),
            e.path("effectiveCpuMhz").asLong(), e.path("effectiveMemoryMB").asLong() * 1024 * 1024, e.path("totalCpuMhz").asLong(),
            e.path("totalMemoryBytes").asLong(), e.path("numHosts").asInt(), e.path("numEffectiveHosts").asInt()));
        assertThat(c.settings()).isEqualTo(new Inventory.ClusterSettings(e.path("haEnabled").asBoolean(), e.path("drsEnabled").asBoolean(),
            e.path("drsBehavior").asText()));
        assertThat(c.hostFigures()).isEqualTo(new Inventory.ClusterHosts(e.path("hostsConnected").asInt(), e.path("hostsInMaintenance").asInt(),
            e.path("cpuUsageMhz").asLong(), e.path("memUsageMB").asLong() * 1024 * 1024, e.path("largestHostCpuMhz").asLong(),
            e.path("largestHostMemoryBytes").asLong()));
        assertThat(c.vmFigures()).isEqualTo(new Inventory.ClusterVms(e.path("vms").asInt(), e.path("vmsPoweredOn").asInt(),
            e.path("vcpus").asInt(), e.path("memAllocatedMB").asLong() * 1024 * 1024));
      }

      Map<String, JsonNode> datastores = byId(vc, m.path("datastores"));
      assertThat(dc.datastores()).extracting(Inventory.Datastore::id).containsExactlyInAnyOrderElementsOf(datastores.keySet());
      for (Inventory.Datastore d : dc.datastores()) {
        JsonNode e = datastores.get(d.id());
        assertThat(d.name()).isEqualTo(e.path("name").asText());
        assertThat(d.type()).isEqualTo(e.path("type").asText());
        assertThat(d.capacityBytes()).isEqualTo(e.path("capacityBytes").asLong());
        assertThat(d.freeBytes()).isEqualTo(e.path("freeBytes").asLong());
        assertThat(d.provisionedBytes())
            .isEqualTo(e.path("capacityBytes").asLong() - e.path("freeBytes").asLong() + e.path("uncommittedBytes").asLong());
        assertThat(d.accessible()).isEqualTo(e.path("accessible").asBoolean());
        assertThat(d.vms()).isEqualTo(e.path("vms").asInt());
        assertThat(d.hosts()).isEqualTo(e.path("hosts").asInt());
      }

      Map<String, JsonNode> vms = byId(vc, m.path("vms"));
      assertThat(dc.vms()).extracting(Inventory.Vm::id).containsExactlyInAnyOrderElementsOf(vms.keySet());
      for (Inventory.Vm v : dc.vms()) {
        JsonNode e = vms.get(v.id());
        assertThat(v.name()).isEqualTo(e.path("name").asText());
        assertThat(v.host()).isEqualTo(vc + ":" + e.path("host").asText());
        assertThat(v.powerState().vsphereName()).isEqualTo(e.path("powerState").asText());
        assertThat(v.toolsRunningStatus() == null ? null : v.toolsRunningStatus().vsphereName()).isEqualTo(text(e, "toolsRunningStatus"));
        assertThat(v.toolsVersionStatus()).isEqualTo(text(e, "toolsVersionStatus"));
        assertThat(v.numCpu()).isEqualTo(e.path("numCpu").asInt());
        assertThat(v.memoryMB()).isEqualTo(e.path("memoryMB").asInt());
        assertThat(v.committedBytes()).isEqualTo(e.path("committedBytes").asLong());
        assertThat(v.ftState()).isEqualTo(text(e, "ftState"));
        assertThat(v.guestFullName()).isEqualTo(text(e, "guestFullName"));
        List<String> vmDatastores = new ArrayList<>();
        e.path("datastores").forEach(ds -> vmDatastores.add(vc + ":" + ds.asText()));
        assertThat(vmDatastores).as("the model names the VM's datastores").isNotEmpty();
        assertThat(v.datastores()).containsExactlyInAnyOrderElementsOf(vmDatastores);
        List<Inventory.DatastoreUsage> usage = new ArrayList<>();
        e.path("datastoreUsage").forEach(u -> usage.add(new Inventory.DatastoreUsage(vc + ":" + u.path("datastore").asText(),
            u.path("committedBytes").asLong(), u.path("uncommittedBytes").asLong(), u.path("unsharedBytes").asLong())));
        assertThat(usage).as("the model gives the VM's space per datastore").isNotEmpty();
        assertThat(v.datastoreUsage()).containsExactlyInAnyOrderElementsOf(usage);
        // what the health checks read (issue 13): identities, and the ISOs of the reduced device list
        JsonNode health = e.path("health");
        List<String> macs = new ArrayList<>();
        health.path("macs").forEach(mac -> macs.add(mac.asText()));
        assertThat(v.identity()).isEqualTo(new Inventory.VmIdentity(health.path("biosUuid").asText(), health.path("instanceUuid").asText(),
            macs, text(health, "ipAddress")));
        List<String> isos = new ArrayList<>();
        health.path("isos").forEach(iso -> isos.add(iso.asText()));
        assertThat(v.isoFiles()).isEqualTo(isos);
      }
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNull() || v.isMissingNode() || v.asText().isEmpty() ? null : v.asText();
  }

  private static Map<String, JsonNode> byId(String vc, JsonNode array) {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode n : (Iterable<JsonNode>) array::elements) {
      m.put(vc + ":" + n.path("moid").asText(), n);
    }
    return m;
  }

  static List<String> ids(List<Inventory.Vm> vms) {
    return vms.stream().map(Inventory.Vm::id).toList();
  }
}
