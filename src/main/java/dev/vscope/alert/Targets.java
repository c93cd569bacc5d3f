package dev.vscope.alert;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets of one inventory by entity id, made on demand: a cycle at 40,000 VMs has few
 * entities over a threshold, so only theirs are made, from maps built once per inventory.
 * Immutable once built; the engine keeps the index of each vCenter's last inventory, so that the
 * rules evaluated on one snapshot share it.
 */
public final class Targets {

  private final Inventory inventory;
  private final Map<String, Target.Ref> datacenterOf = new HashMap<>();
  private final Map<String, Inventory.Host> hosts = new HashMap<>();
  private final Map<String, Inventory.Vm> vms = new HashMap<>();
  private final Map<String, Inventory.Datastore> datastores = new HashMap<>();
  private final Map<String, Inventory.Cluster> clusters = new HashMap<>();
  /** host id → its cluster (a host names its cluster by name, which need not be unique) */
  private final Map<String, Inventory.Cluster> clusterOfHost = new HashMap<>();
  /** datastore id → the hosts that mount it, in inventory order */
  private final Map<String, List<String>> mountedBy = new HashMap<>();

  private Targets(Inventory inventory) {
    this.inventory = inventory;
    for (Inventory.Datacenter dc : inventory.datacenters()) {
      Target.Ref ref = new Target.Ref(dc.id(), dc.name());
      for (Inventory.Host h : dc.hosts()) {
        hosts.put(h.id(), h);
        datacenterOf.put(h.id(), ref);
        for (String ds : h.datastores()) {
          mountedBy.computeIfAbsent(ds, k -> new ArrayList<>()).add(h.id());
        }
      }
      for (Inventory.Vm v : dc.vms()) {
        vms.put(v.id(), v);
        datacenterOf.put(v.id(), ref);
      }
      for (Inventory.Datastore d : dc.datastores()) {
        datastores.put(d.id(), d);
        datacenterOf.put(d.id(), ref);
      }
      for (Inventory.Cluster c : dc.clusters()) {
        clusters.put(c.id(), c);
        datacenterOf.put(c.id(), ref);
        c.hosts().forEach(h -> clusterOfHost.put(h, c));
      }
    }
  }

  /** The index of an inventory. */
  static Targets of(Inventory inventory) {
    return new Targets(inventory);
  }

  /** Whether this is the index of that inventory (the same object: inventories are immutable). */
  boolean indexes(Inventory other) {
    return inventory == other;
  }

  /** The target of an entity of this inventory; null when it has none. */
  public Target target(String id) {
    String vcenter = inventory.vcenter();
    Target.Ref dc = datacenterOf.get(id);
    if (dc == null) {
      return null;
    }
    Inventory.Vm vm = vms.get(id);
    if (vm != null) {
      Inventory.Host host = vm.host() == null ? null : hosts.get(vm.host());
      return new Target(Target.Kind.VM, id, vm.name(), vcenter, dc, host == null ? List.of() : clusterOf(host),
          host == null ? List.of() : List.of(ref(host)), datastoreRefs(vm.datastores()));
    }
    Inventory.Host host = hosts.get(id);
    if (host != null) {
      return new Target(Target.Kind.HOST, id, host.name(), vcenter, dc, clusterOf(host), List.of(ref(host)), datastoreRefs(host.datastores()));
    }
    Inventory.Datastore ds = datastores.get(id);
    if (ds != null) {
      Map<String, Target.Ref> inClusters = new LinkedHashMap<>();
      List<Target.Ref> mounting = new ArrayList<>();
      for (String h : mountedBy.getOrDefault(id, List.of())) {
        Inventory.Host mounted = hosts.get(h);
        mounting.add(ref(mounted));
        clusterOf(mounted).forEach(c -> inClusters.putIfAbsent(c.id(), c));
      }
      return new Target(Target.Kind.DATASTORE, id, ds.name(), vcenter, dc, List.copyOf(inClusters.values()), mounting,
          List.of(new Target.Ref(id, ds.name())));
    }
    Inventory.Cluster c = clusters.get(id);
    return new Target(Target.Kind.CLUSTER, id, c.name(), vcenter, dc, List.of(new Target.Ref(id, c.name())), List.of(), List.of());
  }

  private List<Target.Ref> clusterOf(Inventory.Host h) {
    Inventory.Cluster c = clusterOfHost.get(h.id());
    return c == null ? List.of() : List.of(new Target.Ref(c.id(), c.name()));
  }

  private List<Target.Ref> datastoreRefs(List<String> ids) {
    List<Target.Ref> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      Inventory.Datastore d = datastores.get(id);
      out.add(new Target.Ref(id, d == null ? id : d.name()));
    }
    return out;
  }

  private static Target.Ref ref(Inventory.Host h) {
    return new Target.Ref(h.id(), h.name());
  }
}
