package dev.vscope.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties vscope reads of each type. Only leaf paths (never whole {@code summary} or
 * {@code config} objects), which keeps vCenter's work and the answers small.
 */
final class InventorySpec {

  static final List<String> HOST =
      List.of(
          "name",
          "parent",
          "runtime.connectionState",
          "runtime.powerState",
          "runtime.inMaintenanceMode",
          "summary.hardware.numCpuCores",
          "summary.hardware.numCpuThreads",
          "summary.hardware.cpuMhz",
          "summary.hardware.memorySize",
          "summary.quickStats.overallCpuUsage",
          "summary.quickStats.overallMemoryUsage",
          "config.network.pnic",
          "datastore",
          // the health checks (issue 13): summary.config, unlike config, stays set while a host is disconnected
          "summary.config.product.build");

  static final List<String> DATASTORE =
      List.of(
          "name",
          "summary.type",
          "summary.url",
          "summary.capacity",
          "summary.freeSpace",
          "summary.uncommitted",
          "summary.accessible",
          "summary.maintenanceMode",
          "host");

  static final List<String> VM =
      List.of(
          "name",
          "runtime.host",
          "runtime.powerState",
          "guest.toolsRunningStatus",
          "guest.toolsVersionStatus2",
          "summary.config.numCpu",
          "summary.config.memorySizeMB",
          "summary.storage.committed",
          "summary.storage.uncommitted",
          "runtime.faultToleranceState",
          "summary.config.guestFullName",
          "summary.config.template",
          // memory pressure where the counters are missing (MB, MB, KB)
          "summary.quickStats.balloonedMemory",
          "summary.quickStats.swappedMemory",
          "summary.quickStats.compressedMemory",
          "datastore",
          "storage.perDatastoreUsage",
          // the health checks (issue 13): identities that must be unique, and CD-ROMs holding an ISO.
          // The device list is large and reduced at once to MACs and ISOs (VmDevices); the guest's
          // primary IP is one string where guest.net would send every NIC's addresses and settings.
          "summary.config.uuid",
          "summary.config.instanceUuid",
          "guest.ipAddress",
          VmDevices.PATH);

  /**
   * Clusters: vSphere's own totals ({@code summary}: effectiveCpu in MHz, effectiveMemory in MB,
   * totalMemory in bytes), HA and DRS, and the member hosts, which the usage and the VMs are
   * summed over. Leaf paths, which is how a real vCenter answers a filter on clusters too.
   */
  static final List<String> CLUSTER =
      List.of(
          "name",
          "host",
          "summary.numCpuCores",
          "summary.numCpuThreads",
          "summary.effectiveCpu",
          "summary.effectiveMemory",
          "summary.totalCpu",
          "summary.totalMemory",
          "summary.numHosts",
          "summary.numEffectiveHosts",
          "configuration.dasConfig.enabled",
          "configuration.drsConfig.enabled",
          "configuration.drsConfig.defaultVmBehavior");

  /**
   * Resource pools (issue 12): the tree ({@code parent}), each allocation's leaf paths (CPU in MHz,
   * memory in MB), usage from quickStats (MHz, MB) and the pool's own VMs. vApps come too, as the
   * ResourcePool subtype they are.
   */
  static final List<String> POOL = pool();

  /** Standalone hosts' compute resources: only their names. */
  static final List<String> COMPUTE = List.of("name");

  static final Map<String, List<String>> BY_TYPE = byType();

  private InventorySpec() {}

  private static List<String> pool() {
    List<String> paths = new java.util.ArrayList<>(List.of("name", "parent", "vm",
        "summary.quickStats.overallCpuUsage", "summary.quickStats.hostMemoryUsage", "summary.quickStats.guestMemoryUsage"));
    for (String kind : List.of("cpuAllocation", "memoryAllocation")) {
      for (String leaf : List.of("reservation", "limit", "expandableReservation", "shares.shares", "shares.level")) {
        paths.add("config." + kind + "." + leaf);
      }
    }
    return List.copyOf(paths);
  }

  private static Map<String, List<String>> byType() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("HostSystem", HOST);
    m.put("Datastore", DATASTORE);
    m.put("VirtualMachine", VM);
    m.put("ClusterComputeResource", CLUSTER);
    m.put("ComputeResource", COMPUTE);
    m.put("ResourcePool", POOL);
    return m;
  }
}
