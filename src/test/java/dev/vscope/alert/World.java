package dev.vscope.alert;

import dev.vscope.collect.CollectionFailure;
import dev.vscope.collect.CollectionState;
import dev.vscope.collect.ConnectionState;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.ToolsRunningStatus;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.VcenterStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A made-up vCenter for the alert tests: one datacenter {@code DC0} with a cluster {@code C0} of
 * two hosts, a standalone host, VMs spread over the hosts, two datastores; the latest values and
 * the collection status as the test sets them. Its snapshot changes when the test says.
 */
final class World implements SnapshotSource {

  final String vcenter;
  Inventory inventory;
  final Map<String, Map<String, Double>> latest = new HashMap<>();
  VcenterStatus status;

  World(String vcenter, int vms, Instant now) {
    this.vcenter = vcenter;
    this.inventory = inventory(vcenter, vms, now);
    this.status = ok(now);
  }

  String id(String moid) {
    return vcenter + ":" + moid;
  }

  /** Sets a metric's latest value of an entity (by moid). */
  World set(String moid, String metric, double value) {
    latest.computeIfAbsent(id(moid), k -> new HashMap<>()).put(metric, value);
    return this;
  }

  /** Puts a host (by moid) in maintenance mode or takes it out: a new inventory, as a cycle would publish. */
  World maintenance(String moid, boolean on) {
    Inventory.Datacenter dc = inventory.datacenters().get(0);
    List<Inventory.Host> hosts = new ArrayList<>();
    for (Inventory.Host h : dc.hosts()) {
      hosts.add(!h.id().equals(id(moid)) ? h : new Inventory.Host(h.id(), h.name(), h.cluster(), h.connectionState(), h.powerState(), on, h.cores(),
          h.threads(), h.cpuMhz(), h.memoryBytes(), h.cpuUsagePercent(), h.memUsagePercent(), h.vms(), h.vcpus(), h.nics(), h.datastores(),
          h.memory(), h.build()));
    }
    inventory = new Inventory(vcenter, inventory.collectedAt(), List.of(new Inventory.Datacenter(dc.id(), dc.name(), dc.vcenter(), hosts,
        dc.datastores(), dc.vms(), dc.clusters(), dc.alarms())));
    return this;
  }

  VcenterStatus ok(Instant at) {
    return new VcenterStatus(vcenter, CollectionState.OK, at, at, 1000L, null, null, 60, List.of(), Map.of(), List.of(), null, false, null, null);
  }

  VcenterStatus failing(Instant lastSuccess, Instant at, CollectionFailure why) {
    return new VcenterStatus(vcenter, CollectionState.FAILING, at, lastSuccess, 1000L, "broken", at, 60, List.of(), Map.of(), List.of(), null,
        false, null, why);
  }

  VcenterStatus starting() {
    return new VcenterStatus(vcenter, CollectionState.STARTING, null, null, null, null, null, 60, List.of(), Map.of(), List.of(), null, false,
        null, null);
  }

  @Override
  public List<VcenterSnapshot> snapshots() {
    return List.of(snapshot());
  }

  VcenterSnapshot snapshot() {
    Map<String, Map<String, Double>> copy = new HashMap<>();
    latest.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    return new VcenterSnapshot(inventory, copy, Map.of(), status);
  }

  /**
   * hosts: host-1 and host-2 in cluster domain-c1 (C0), host-3 standalone; VMs vm-1.. named
   * web-1, db-2, web-3, ... on host-1, host-2, host-3 in turn, on datastore-1 (every third on
   * datastore-2 too); host-1 and host-2 mount datastore-1, host-3 datastore-2.
   */
  static Inventory inventory(String vcenter, int vms, Instant now) {
    String p = vcenter + ":";
    List<Inventory.Host> hosts = List.of(host(p + "host-1", "esx1", "C0", List.of(p + "datastore-1")),
        host(p + "host-2", "esx2", "C0", List.of(p + "datastore-1")),
        host(p + "host-3", "esx3", null, List.of(p + "datastore-2")));
    List<Inventory.Vm> list = new ArrayList<>();
    for (int i = 1; i <= vms; i++) {
      Inventory.Host h = hosts.get((i - 1) % 3);
      List<String> ds = i % 3 == 0 ? List.of(p + "datastore-1", p + "datastore-2") : List.of(p + "datastore-1");
      list.add(new Inventory.Vm(p + "vm-" + i, (i % 2 == 1 ? "web-" : "db-") + i, h.id(), h.name(), PowerState.POWERED_ON,
          ToolsRunningStatus.RUNNING, "guestToolsCurrent", 2, 4096, 1L << 30, 0, "notConfigured", "Linux", ds, null, null, null, null, null));
    }
    List<Inventory.Datastore> datastores = List.of(
        new Inventory.Datastore(p + "datastore-1", "shared-ds", "VMFS", "ds:///1", 1L << 40, 1L << 39, 0, 1L << 39, true, "normal", vms, 2),
        new Inventory.Datastore(p + "datastore-2", "local-ds", "VMFS", "ds:///2", 1L << 40, 1L << 39, 0, 1L << 39, true, "normal", vms / 3, 1));
    Inventory.Cluster cluster = new Inventory.Cluster(p + "domain-c1", "C0", List.of(p + "host-1", p + "host-2"),
        new Inventory.ClusterSummary(16, 32, 40_000, 1L << 36, 40_000, 1L << 36, 2, 2), new Inventory.ClusterSettings(true, true, "fullyAutomated"),
        new Inventory.ClusterHosts(2, 0, 1000, 1L << 30, 40_000, 1L << 36, 20_000, 1L << 35), new Inventory.ClusterVms(vms, vms, vms * 2, vms * 4096L << 20), List.of());
    return new Inventory(vcenter, now, List.of(new Inventory.Datacenter(p + "datacenter-1", "DC0", vcenter, hosts, datastores, list, List.of(cluster), List.of())));
  }

  private static Inventory.Host host(String id, String name, String cluster, List<String> datastores) {
    return new Inventory.Host(id, name, cluster, ConnectionState.CONNECTED, PowerState.POWERED_ON, false, 8, 16, 2400, 1L << 35, 10.0, 20.0, 0, 0,
        List.of(), datastores, null, null);
  }
}
