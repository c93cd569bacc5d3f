package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the resource pools read of one datacenter into each cluster's tree (issue 12): the
 * cluster's root pool ("Resources") first, each pool before its children, children by name. A
 * pool belongs to the cluster its root pool hangs from, found by following {@code parent}; the
 * pools of standalone hosts, and vApps outside a cluster, are left out.
 */
final class ResourcePoolBuilder {

  private static final long MB = 1024L * 1024;

  private ResourcePoolBuilder() {}

  /**
   * @param pools the datacenter's pools (and vApps) by reference
   * @param vms the VMs that are listed (templates left out): a pool lists only those
   * @return per cluster, its pools in tree order; clusters without pools have no entry
   */
  static Map<ManagedObjectReference, List<Inventory.ResourcePool>> byCluster(String vcenter, Map<ManagedObjectReference, Props> pools,
      Map<ManagedObjectReference, ?> vms) {
    Map<ManagedObjectReference, List<ManagedObjectReference>> children = new HashMap<>();
    Map<ManagedObjectReference, List<ManagedObjectReference>> roots = new HashMap<>();
    pools.forEach((ref, p) -> {
      ManagedObjectReference parent = p.ref("parent");
      if (parent == null) {
        return;
      }
      if (pools.containsKey(parent)) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(ref);
      } else if (parent.type().equals("ClusterComputeResource")) {
        roots.computeIfAbsent(parent, k -> new ArrayList<>()).add(ref);
      }
    });
    Comparator<ManagedObjectReference> byName = Comparator.comparing(r -> pools.get(r).str("name"), Comparator.nullsLast(Comparator.naturalOrder()));
    Map<ManagedObjectReference, List<Inventory.ResourcePool>> out = new HashMap<>();
    roots.forEach((cluster, rootPools) -> {
      List<Inventory.ResourcePool> tree = new ArrayList<>();
      rootPools.stream().sorted(byName).forEach(r -> walk(vcenter, r, null, 0, pools, children, vms, byName, tree));
      out.put(cluster, tree);
    });
    return out;
  }

  private static void walk(String vcenter, ManagedObjectReference ref, String parentId, int depth, Map<ManagedObjectReference, Props> pools,
      Map<ManagedObjectReference, List<ManagedObjectReference>> children, Map<ManagedObjectReference, ?> vms,
      Comparator<ManagedObjectReference> byName, List<Inventory.ResourcePool> tree) {
    Props p = pools.get(ref);
    String id = InventoryBuilder.id(vcenter, ref);
    tree.add(new Inventory.ResourcePool(id, p.str("name"), parentId, depth,
        allocation(p, "config.cpuAllocation", 1),
        allocation(p, "config.memoryAllocation", MB),
        new Inventory.PoolUsage(p.lngOrNull("summary.quickStats.overallCpuUsage"), mb(p.lngOrNull("summary.quickStats.hostMemoryUsage")),
            mb(p.lngOrNull("summary.quickStats.guestMemoryUsage"))),
        p.refs("vm").stream().filter(vms::containsKey).map(vm -> InventoryBuilder.id(vcenter, vm)).sorted().toList()));
    for (ManagedObjectReference child : children.getOrDefault(ref, List.of()).stream().sorted(byName).toList()) {
      walk(vcenter, child, id, depth + 1, pools, children, vms, byName, tree);
    }
  }

  /**
   * One allocation, scaled to vscope's unit (MHz for CPU, bytes for memory, which vSphere gives in
   * MB). An unset reservation is 0 (vCenter sends one; the simulator leaves zeros out); a limit of
   * -1, or none, is no limit.
   */
  private static Inventory.Allocation allocation(Props p, String prefix, long scale) {
    long limit = p.lng(prefix + ".limit", -1);
    return new Inventory.Allocation(
        p.lng(prefix + ".reservation", 0) * scale,
        limit < 0 ? null : limit * scale,
        p.bool(prefix + ".expandableReservation"),
        p.str(prefix + ".shares.level"),
        p.integer(prefix + ".shares.shares", 0));
  }

  private static Long mb(Long v) {
    return v == null ? null : v * MB;
  }
}
