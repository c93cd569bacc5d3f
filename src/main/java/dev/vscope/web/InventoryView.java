package dev.vscope.web;

import dev.vscope.collect.AlarmStatus;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.Metric;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The inventory as the API shows it to one viewer: rows with their latest values, filtered by
 * what the viewer may see, optionally restricted to one datacenter. Reads the collectors' current
 * snapshots, which are immutable, so it needs no locking.
 */
final class InventoryView {

  private final SnapshotSource source;

  InventoryView(SnapshotSource source) {
    this.source = source;
  }

  /** One entity found in the inventory: its kind, its row and its datacenter. */
  record Found(String id, String name, Metric.Kind kind, String datacenter, Object row) {}

  List<Rows.DatacenterRow> datacenters(Viewer viewer) {
    List<Rows.DatacenterRow> out = new ArrayList<>();
    for (Inventory.Datacenter dc : datacenters(viewer, null)) {
      List<Inventory.TriggeredAlarm> alarms = dc.alarms().stream().filter(a -> viewer.canSee(a.entity())).toList();
      out.add(new Rows.DatacenterRow(dc.id(), dc.name(), dc.vcenter(),
          (int) dc.hosts().stream().filter(h -> viewer.canSee(h.id())).count(),
          (int) dc.vms().stream().filter(v -> viewer.canSee(v.id())).count(),
          (int) dc.datastores().stream().filter(d -> viewer.canSee(d.id())).count(),
          (int) alarms.stream().filter(a -> a.status() == AlarmStatus.RED).count(),
          (int) alarms.stream().filter(a -> a.status() == AlarmStatus.YELLOW).count()));
    }
    return out;
  }

  List<Rows.HostRow> hosts(Viewer viewer, String datacenter) {
    return rows(viewer, datacenter, (snap, dc) -> dc.hosts().stream().filter(h -> viewer.canSee(h.id())).map(h -> host(viewer, snap, dc, h)).toList());
  }

  List<Rows.DatastoreRow> datastores(Viewer viewer, String datacenter) {
    return rows(viewer, datacenter, (snap, dc) -> {
      Map<String, Long> snapshots = snapshotBytes(viewer, dc);
      return dc.datastores().stream().filter(d -> viewer.canSee(d.id()))
          .map(d -> Rows.DatastoreRow.of(snap, dc.id(), d, snapshots.getOrDefault(d.id(), 0L))).toList();
    });
  }

  /**
   * Every snapshot of the VMs the viewer may see, oldest first (issue 13). A datacenter that is
   * unknown or hidden is a 404.
   */
  List<Rows.SnapshotRow> snapshots(Viewer viewer, String datacenter) {
    List<Rows.SnapshotRow> out = new ArrayList<>(rows(viewer, datacenter, (snap, dc) -> dc.vms().stream()
        .filter(v -> v.snapshotState() != null && viewer.canSee(v.id()))
        .flatMap(v -> v.snapshotState().snapshots().stream().map(s -> Rows.SnapshotRow.of(v, s))).toList()));
    out.sort(Comparator.comparing(Rows.SnapshotRow::created, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Rows.SnapshotRow::vmName,
        Comparator.nullsLast(Comparator.naturalOrder())));
    return out;
  }

  /** The alarms triggered on the entities the viewer may see, red first, then the latest first (issue 13). */
  List<Rows.AlarmRow> alarms(Viewer viewer, String datacenter) {
    List<Rows.AlarmRow> out = new ArrayList<>(rows(viewer, datacenter, (snap, dc) -> dc.alarms().stream()
        .filter(a -> viewer.canSee(a.entity())).map(Rows.AlarmRow::of).toList()));
    out.sort(ALARM_ORDER);
    return out;
  }

  /** Red before yellow, then the latest first. */
  static final Comparator<Rows.AlarmRow> ALARM_ORDER = Comparator.comparing(Rows.AlarmRow::status)
      .thenComparing(Rows.AlarmRow::time, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(Rows.AlarmRow::key);

  /** The alarms triggered on one entity (the caller checked that the viewer may see it). */
  List<Rows.AlarmRow> alarmsOn(String entityId) {
    List<Rows.AlarmRow> out = new ArrayList<>();
    for (Inventory.Datacenter dc : datacenters(Viewer.ALL, null)) {
      dc.alarms().stream().filter(a -> a.entity().equals(entityId)).map(Rows.AlarmRow::of).forEach(out::add);
    }
    out.sort(ALARM_ORDER);
    return out;
  }

  /** The snapshot files on each datastore of the VMs the viewer may see, by datastore id. */
  private static Map<String, Long> snapshotBytes(Viewer viewer, Inventory.Datacenter dc) {
    Map<String, Long> out = new HashMap<>();
    for (Inventory.Vm v : dc.vms()) {
      if (v.snapshotState() != null && viewer.canSee(v.id())) {
        v.snapshotState().bytesByDatastore().forEach((ds, bytes) -> out.merge(ds, bytes, Long::sum));
      }
    }
    return out;
  }

  List<Rows.VmRow> vms(Viewer viewer, String datacenter) {
    return rows(viewer, datacenter, (snap, dc) -> dc.vms().stream().filter(v -> viewer.canSee(v.id())).map(v -> vm(viewer, snap, dc, v)).toList());
  }

  /** Clusters the viewer may see, with their whole-cluster figures and the capacity for this target. */
  List<Rows.ClusterRow> clusters(Viewer viewer, String datacenter, int targetPercent, boolean nPlusOne) {
    return rows(viewer, datacenter, (snap, dc) -> dc.clusters().stream().filter(c -> viewer.canSee(c.id()))
        .map(c -> Rows.ClusterRow.of(c, dc.id(), targetPercent, nPlusOne)).toList());
  }

  /**
   * A cluster's resource pools that the viewer may see, root first and each before its children
   * (issue 12); empty when the cluster is unknown or hidden. A pool's figures are its own, as
   * vSphere shows them to whoever may see the pool; its VMs are listed as far as the viewer may
   * see them.
   */
  Optional<List<Rows.PoolRow>> resourcePools(Viewer viewer, String cluster) {
    if (cluster == null || !viewer.canSee(cluster)) {
      return Optional.empty();
    }
    for (Inventory.Datacenter dc : datacenters(viewer, null)) {
      for (Inventory.Cluster c : dc.clusters()) {
        if (c.id().equals(cluster)) {
          Map<String, String> names = new HashMap<>();
          dc.vms().forEach(v -> names.put(v.id(), v.name()));
          return Optional.of(c.pools().stream().filter(p -> viewer.canSee(p.id()))
              .map(p -> Rows.PoolRow.of(p, c.id(), p.vms().stream().filter(viewer::canSee).map(v -> new Rows.VmRef(v, names.get(v))).toList()))
              .toList());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The VMs of a visible datastore that the viewer may see: those that vSphere lists on it, each
   * with its space there and its disk latency and IOPS. Empty when the datastore is unknown or
   * hidden.
   */
  Optional<List<Rows.DatastoreVmRow>> datastoreVms(Viewer viewer, String datastoreId) {
    if (datastoreId == null || !viewer.canSee(datastoreId)) {
      return Optional.empty();
    }
    for (VcenterSnapshot snap : source.snapshots()) {
      if (snap.inventory() == null) {
        continue;
      }
      for (Inventory.Datacenter dc : snap.inventory().datacenters()) {
        if (dc.datastores().stream().noneMatch(d -> d.id().equals(datastoreId))) {
          continue;
        }
        return Optional.of(dc.vms().stream()
            .filter(v -> viewer.canSee(v.id()) && (v.datastores().contains(datastoreId) || v.usageOn(datastoreId) != null))
            .map(v -> Rows.DatastoreVmRow.of(vm(viewer, snap, dc, v), v.usageOn(datastoreId)))
            .toList());
      }
    }
    return Optional.empty();
  }

  /** Finds a visible entity by id; empty when unknown or hidden. */
  Optional<Found> find(Viewer viewer, String id) {
    if (id == null || !viewer.canSee(id)) {
      return Optional.empty();
    }
    for (VcenterSnapshot snap : source.snapshots()) {
      if (snap.inventory() == null || !id.startsWith(snap.inventory().vcenter() + ":")) {
        continue;
      }
      for (Inventory.Datacenter dc : snap.inventory().datacenters()) {
        for (Inventory.Host h : dc.hosts()) {
          if (h.id().equals(id)) {
            return Optional.of(new Found(id, h.name(), Metric.Kind.HOST, dc.id(), host(viewer, snap, dc, h)));
          }
        }
        for (Inventory.Vm v : dc.vms()) {
          if (v.id().equals(id)) {
            return Optional.of(new Found(id, v.name(), Metric.Kind.VM, dc.id(), vm(viewer, snap, dc, v)));
          }
        }
        for (Inventory.Datastore d : dc.datastores()) {
          if (d.id().equals(id)) {
            return Optional.of(new Found(id, d.name(), Metric.Kind.DATASTORE, dc.id(),
                Rows.DatastoreRow.of(snap, dc.id(), d, snapshotBytes(viewer, dc).getOrDefault(d.id(), 0L))));
          }
        }
        for (Inventory.Cluster c : dc.clusters()) {
          if (c.id().equals(id)) {
            return Optional.of(new Found(id, c.name(), Metric.Kind.CLUSTER, dc.id(),
                Rows.ClusterRow.of(c, dc.id(), ClusterPlan.DEFAULT_TARGET, false)));
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The entities of one type that the viewer may see within a scope, id → name, in inventory order:
   * a datacenter's; a cluster's hosts, the VMs on them, or the datastores they mount; a host's VMs,
   * or the datastores it mounts; a datastore's VMs or the hosts that mount it; every datacenter's
   * when {@code scope} is null. Empty when the scope is unknown or hidden.
   */
  Optional<Map<String, String>> members(Viewer viewer, Metric.Kind type, String scope) {
    Map<String, String> out = new LinkedHashMap<>();
    boolean found = scope == null;
    for (Inventory.Datacenter dc : datacenters(viewer, null)) {
      Predicate<Inventory.Host> hosts;
      Predicate<Inventory.Vm> vms;
      Predicate<Inventory.Datastore> datastores;
      if (scope == null || scope.equals(dc.id())) {
        found = true;
        hosts = h -> true;
        vms = v -> true;
        datastores = d -> true;
      } else if (viewer.canSee(scope) && memberHosts(dc, scope) != null) {
        // a host is a scope of one host; a cluster, of its hosts
        found = true;
        Set<String> members = memberHosts(dc, scope);
        Set<String> mounted = new HashSet<>();
        dc.hosts().stream().filter(h -> members.contains(h.id())).forEach(h -> mounted.addAll(h.datastores()));
        hosts = h -> members.contains(h.id());
        vms = v -> members.contains(v.host());
        datastores = d -> mounted.contains(d.id());
      } else if (viewer.canSee(scope) && dc.datastores().stream().anyMatch(d -> d.id().equals(scope))) {
        found = true;
        hosts = h -> h.datastores().contains(scope);
        vms = v -> v.datastores().contains(scope);
        datastores = d -> d.id().equals(scope);
      } else {
        continue;
      }
      switch (type) {
        case HOST -> dc.hosts().stream().filter(h -> hosts.test(h) && viewer.canSee(h.id())).forEach(h -> out.put(h.id(), h.name()));
        case VM -> dc.vms().stream().filter(v -> vms.test(v) && viewer.canSee(v.id())).forEach(v -> out.put(v.id(), v.name()));
        case DATASTORE -> dc.datastores().stream().filter(d -> datastores.test(d) && viewer.canSee(d.id())).forEach(d -> out.put(d.id(), d.name()));
      }
    }
    return found ? Optional.of(out) : Optional.empty();
  }

  /** The hosts of a scope that is a host or a cluster of the datacenter; null when it is neither. */
  private static Set<String> memberHosts(Inventory.Datacenter dc, String scope) {
    if (dc.hosts().stream().anyMatch(h -> h.id().equals(scope))) {
      return Set.of(scope);
    }
    return dc.clusters().stream().filter(c -> c.id().equals(scope)).findFirst().map(c -> Set.copyOf(c.hosts())).orElse(null);
  }

  private interface RowMaker<T> {
    List<T> rows(VcenterSnapshot snap, Inventory.Datacenter dc);
  }

  private <T> List<T> rows(Viewer viewer, String datacenter, RowMaker<T> maker) {
    if (datacenter != null && datacenters(viewer, datacenter).isEmpty()) {
      throw ApiException.notFound("datacenter " + datacenter);
    }
    List<T> out = new ArrayList<>();
    for (VcenterSnapshot snap : source.snapshots()) {
      if (snap.inventory() == null) {
        continue;
      }
      for (Inventory.Datacenter dc : snap.inventory().datacenters()) {
        if ((datacenter == null || dc.id().equals(datacenter)) && visible(viewer, dc)) {
          out.addAll(maker.rows(snap, dc));
        }
      }
    }
    return out;
  }

  private List<Inventory.Datacenter> datacenters(Viewer viewer, String only) {
    List<Inventory.Datacenter> out = new ArrayList<>();
    for (VcenterSnapshot snap : source.snapshots()) {
      if (snap.inventory() != null) {
        for (Inventory.Datacenter dc : snap.inventory().datacenters()) {
          if ((only == null || dc.id().equals(only)) && visible(viewer, dc)) {
            out.add(dc);
          }
        }
      }
    }
    return out;
  }

  /** A datacenter shows when the viewer sees it, or anything in it (its name is then on the path). */
  private static boolean visible(Viewer viewer, Inventory.Datacenter dc) {
    return viewer.canSee(dc.id())
        || dc.hosts().stream().anyMatch(h -> viewer.canSee(h.id()))
        || dc.vms().stream().anyMatch(v -> viewer.canSee(v.id()))
        || dc.datastores().stream().anyMatch(d -> viewer.canSee(d.id()))
        || dc.clusters().stream().anyMatch(c -> viewer.canSee(c.id()));
  }

  /** A host's row; the datastores it lists are those the viewer may see (issue 16). */
  private static Rows.HostRow host(Viewer viewer, VcenterSnapshot s, Inventory.Datacenter dc, Inventory.Host h) {
    Function<String, Double> v = m -> s.latest(h.id(), m);
    List<String> datastores = h.datastores().stream().filter(viewer::canSee).toList();
    Inventory.Host shown = datastores.size() == h.datastores().size() ? h : h.withDatastores(datastores);
    return new Rows.HostRow(shown, dc.id(), v.apply("net.rx"), v.apply("net.tx"), v.apply("cpu.ready"), v.apply("disk.read"), v.apply("disk.write"),
        memory(v, h.memory()));
  }

  /**
   * A VM's row; its host is named only to a viewer who may see the host, and it lists only the
   * datastores the viewer may see (issue 16).
   */
  private static Rows.VmRow vm(Viewer viewer, VcenterSnapshot s, Inventory.Datacenter dc, Inventory.Vm inventoryVm) {
    Inventory.Vm shownVm = inventoryVm.datastores().stream().allMatch(viewer::canSee)
        ? inventoryVm : inventoryVm.withDatastores(inventoryVm.datastores().stream().filter(viewer::canSee).toList());
    Inventory.Vm vm = shownVm.host() == null || viewer.canSee(shownVm.host()) ? shownVm : shownVm.withoutHostName();
    Function<String, Double> v = m -> s.latest(vm.id(), m);
    Double latency = v.apply("disk.maxLatency");
    if (latency == null) {
      latency = max(v.apply("disk.readLatency"), v.apply("disk.writeLatency"));
    }
    return new Rows.VmRow(vm, dc.id(), v.apply("cpu.usage"), v.apply("mem.usage"), v.apply("net.rx"), v.apply("net.tx"),
        v.apply("cpu.ready"), v.apply("disk.read"), v.apply("disk.write"), v.apply("disk.readIops"), v.apply("disk.writeIops"), latency,
        memory(v, vm.memory()), Rows.SnapshotFigures.of(vm.snapshotState()));
  }

  /**
   * Memory pressure: the counters' latest values where this vCenter has them (they have history),
   * else the quickStats read with the inventory (for a host, its running VMs' summed).
   */
  static Rows.Memory memory(Function<String, Double> latest, Inventory.MemoryPressure quickStats) {
    return new Rows.Memory(
        orElse(latest.apply("mem.ballooned"), quickStats.balloonedBytes()),
        orElse(latest.apply("mem.swapped"), quickStats.swappedBytes()),
        orElse(latest.apply("mem.compressed"), quickStats.compressedBytes()));
  }

  private static Double orElse(Double counter, Long quickStats) {
    return counter != null ? counter : quickStats == null ? null : quickStats.doubleValue();
  }

  private static Double max(Double a, Double b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }
}
