package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import dev.vscope.vim.VimClient;
import java.time.Clock;
import java.time.Instant;
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

  /**
   * Alarms arrive through WaitForUpdatesEx (issue 13): one triggered, acknowledged and cleared shows
   * at the next refresh. An alarm triggered nowhere any more is no longer followed; triggered again
   * after a rename, it gets a filter of its own, whose first answer brings its new name.
   */
  @Test
  void trackerFollowsAlarmsAsTheyChange() throws Exception {
    try (VimClient vc = VimClient.login(Sims.endpoint(sim, "sim"), sim.username(), sim.password())) {
      InventoryTracker tracker = new InventoryTracker(vc, Clock.systemUTC(), 7);
      assertMatchesModel(tracker.refresh(), sim.model());
      JsonNode dc = sim.model().path("datacenters").get(0);
      String dcId = "sim:" + dc.path("moid").asText();
      String vm = dc.path("vms").get(1).path("moid").asText();
      String key = "alarm-5." + vm;

      sim.control("{\"alarm\": {\"action\": \"trigger\", \"alarm\": \"alarm-5\", \"entity\": \"" + vm + "\", \"status\": \"yellow\"}}");
      Inventory.TriggeredAlarm triggered = alarmOf(tracker.refresh(), dcId, key);
      assertThat(triggered.status()).isEqualTo(AlarmStatus.YELLOW);
      assertThat(triggered.entity()).isEqualTo("sim:" + vm);
      assertThat(triggered.acknowledged()).isFalse();
      assertMatchesModel(tracker.refresh(), sim.model());

      sim.control("{\"alarm\": {\"action\": \"acknowledge\", \"alarm\": \"alarm-5\", \"entity\": \"" + vm + "\", \"user\": \"VSPHERE.LOCAL\\\\jo <b>\"}}");
      Inventory.TriggeredAlarm acknowledged = alarmOf(tracker.refresh(), dcId, key);
      assertThat(acknowledged.acknowledged()).isTrue();
      assertThat(acknowledged.acknowledgedBy()).isEqualTo("VSPHERE.LOCAL\\jo <b>");
      assertMatchesModel(tracker.refresh(), sim.model());

      sim.control("{\"alarm\": {\"action\": \"clear\", \"alarm\": \"alarm-5\", \"entity\": \"" + vm + "\"}}");
      assertThat(tracker.refresh().datacenters().stream().filter(d -> d.id().equals(dcId)).findFirst().orElseThrow().alarms())
          .extracting(Inventory.TriggeredAlarm::key).doesNotContain(key);

      // alarm-7 is triggered on the datacenters only: cleared on both, it is followed no more
      for (JsonNode d : sim.model().path("datacenters")) {
        sim.control("{\"alarm\": {\"action\": \"clear\", \"alarm\": \"alarm-7\", \"entity\": \"" + d.path("moid").asText() + "\"}}");
      }
      assertThat(tracker.refresh().datacenters()).allSatisfy(d -> assertThat(d.alarms()).extracting(Inventory.TriggeredAlarm::alarm)
          .doesNotContain("sim:alarm-7"));
      sim.control("{\"alarm\": {\"action\": \"rename\", \"alarm\": \"alarm-7\", \"name\": \"Licence <i>renamed</i>\"}}");
      sim.control("{\"alarm\": {\"action\": \"trigger\", \"alarm\": \"alarm-7\", \"entity\": \"" + dc.path("moid").asText() + "\"}}");
      Inventory again = tracker.refresh();
      assertThat(alarmOf(again, dcId, "alarm-7." + dc.path("moid").asText()).alarmName()).isEqualTo("Licence <i>renamed</i>");
      assertMatchesModel(again, sim.model());
      tracker.close();
    }
  }

  private static Inventory.TriggeredAlarm alarmOf(Inventory inv, String dcId, String key) {
    return inv.datacenters().stream().filter(d -> d.id().equals(dcId)).findFirst().orElseThrow().alarms().stream()
        .filter(a -> a.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no alarm " + key));
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
            e.path("cpuUsageMhz").asLong(), e.path("memUsageMB").asLong() * 1024 * 1024, e.path("countedHostsCpuMhz").asLong(),
            e.path("countedHostsMemoryBytes").asLong(), e.path("largestHostCpuMhz").asLong(), e.path("largestHostMemoryBytes").asLong()));
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
        assertSnapshotsMatch(vc, v, e.path("snapshots"));
      }

      List<Inventory.TriggeredAlarm> alarms = new ArrayList<>();
      m.path("alarms").forEach(a -> alarms.add(alarm(vc, a)));
      assertThat(alarms).as("the model triggers alarms in " + dc.name()).isNotEmpty();
      assertThat(dc.alarms()).containsExactlyInAnyOrderElementsOf(alarms);
    }
  }

  /** A VM's snapshots as the launcher planned and took them (sizes of the files it made for each). */
  static void assertSnapshotsMatch(String vc, Inventory.Vm v, JsonNode e) {
    if (e.isNull() || e.isMissingNode()) {
      assertThat(v.snapshotState()).as(v.name() + " has no snapshot and needs no consolidation").isNull();
      return;
    }
    Inventory.VmSnapshots s = v.snapshotState();
    assertThat(s).as(v.name()).isNotNull();
    assertThat(s.consolidationNeeded()).as(v.name()).isEqualTo(e.path("consolidationNeeded").asBoolean());
    assertThat(s.snapshots()).as(v.name()).hasSize(e.path("count").asInt());
    assertThat(s.oldest()).isEqualTo(e.path("oldest").isNull() ? null : Instant.parse(e.path("oldest").asText()));
    assertThat(s.bytes()).as(v.name()).isEqualTo(e.path("bytes").asLong());
    assertThat(s.depth()).as(v.name()).isEqualTo(e.path("depth").asInt());
    Map<String, Long> byDatastore = new HashMap<>();
    e.path("bytesByDatastore").properties().forEach(d -> byDatastore.put(vc + ":" + d.getKey(), d.getValue().asLong()));
    assertThat(s.bytesByDatastore()).isEqualTo(byDatastore);
    List<Inventory.Snapshot> expected = new ArrayList<>();
    e.path("list").forEach(n -> expected.add(new Inventory.Snapshot(vc + ":" + n.path("moid").asText(), n.path("name").asText(),
        text(n, "description"), Instant.parse(n.path("created").asText()), n.path("sizeBytes").asLong(), n.path("depth").asInt(),
        n.path("current").asBoolean())));
    assertThat(s.snapshots().stream().map(x -> new Inventory.Snapshot(x.id(), x.name(), x.description() == null || x.description().isEmpty()
        ? null : x.description(), x.created(), x.sizeBytes(), x.depth(), x.current())).toList()).as(v.name()).isEqualTo(expected);
  }

  static Inventory.TriggeredAlarm alarm(String vc, JsonNode a) {
    Inventory.EntityType type = switch (a.path("entityType").asText()) {
      case "Datacenter" -> Inventory.EntityType.DATACENTER;
      case "ClusterComputeResource" -> Inventory.EntityType.CLUSTER;
      case "HostSystem" -> Inventory.EntityType.HOST;
      case "VirtualMachine" -> Inventory.EntityType.VM;
      case "Datastore" -> Inventory.EntityType.DATASTORE;
      default -> throw new AssertionError("an alarm on a " + a.path("entityType").asText());
    };
    return new Inventory.TriggeredAlarm(a.path("key").asText(), vc + ":" + a.path("entity").asText(), type, a.path("entityName").asText(),
        vc + ":" + a.path("alarm").asText(), a.path("alarmName").asText(), AlarmStatus.of(a.path("status").asText()),
        Instant.parse(a.path("time").asText()), a.path("acknowledged").asBoolean(), text(a, "acknowledgedBy"),
        a.path("acknowledgedAt").isNull() ? null : Instant.parse(a.path("acknowledgedAt").asText()));
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
