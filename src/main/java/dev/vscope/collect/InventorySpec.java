package dev.vscope.collect;

import dev.vscope.vim.XmlNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The properties vscope reads of each type. Only leaf paths (never whole {@code summary} or
 * {@code config} objects), which keeps vCenter's work and the answers small.
 */
final class InventorySpec {

  /**
   * The alarms triggered on an entity or below it (issue 13): vCenter propagates an alarm's state
   * up the inventory, each state naming the entity it is about (AlarmBuilder takes each once).
   */
  static final String ALARMS = "triggeredAlarmState";
  /** A VM's snapshot tree and current snapshot; unset on a VM without snapshots. */
  static final String SNAPSHOT = "snapshot";
  static final String CONSOLIDATION = "runtime.consolidationNeeded";

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
          "summary.config.product.build",
          ALARMS);

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
          "host",
          ALARMS);

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
          VmDevices.PATH,
          // snapshots (issue 13): the tree here, the files by name for the VMs that have one (NAMED)
          SNAPSHOT,
          CONSOLIDATION,
          ALARMS);

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
          "configuration.drsConfig.defaultVmBehavior",
          ALARMS);

  /**
   * Resource pools (issue 12): the tree ({@code parent}), each allocation's leaf paths (CPU in MHz,
   * memory in MB), usage from quickStats (MHz, MB) and the pool's own VMs. vApps come too, as the
   * ResourcePool subtype they are.
   */
  static final List<String> POOL = pool();

  /** Standalone hosts' compute resources: only their names. */
  static final List<String> COMPUTE = List.of("name");

  /** Datacenters, read through the root folder's view. */
  static final List<String> DATACENTER = List.of("name", ALARMS);

  /** A VM's files, its current disk chains and each snapshot's, which give the snapshots' sizes. */
  static final List<String> LAYOUT = List.of("layoutEx.file", "layoutEx.disk", "layoutEx.snapshot");

  /**
   * What is read of objects named one by one ({@link NamedObjectTracker}), not of every object of
   * a type: the files of the VMs that have snapshots (a VM's file list is a few kilobytes, 40,000
   * of them hundreds of megabytes, and most VMs have no snapshot), and the names of the alarms
   * triggered.
   */
  static final Map<String, List<String>> NAMED = Map.of("VirtualMachine", LAYOUT, "Alarm", List.of("info.name"));

  /**
   * Properties that most objects leave at their default (no alarm, no snapshot, no consolidation
   * needed): the tracker keeps them only when they say something, so that 40,000 VMs keep no value
   * for them. Absent, they read as empty or false, as unset ones do.
   */
  static final Set<String> SPARSE = Set.of(ALARMS, SNAPSHOT, CONSOLIDATION);

  /**
   * What the tracker keeps of values that are large and mostly of no use to vscope: the files a
   * snapshot can own, and of each its key, name and size; of each alarm state, the fields shown,
   * while red or yellow. Measured with the simulator (5,499 VMs, 1,100 of them with snapshots,
   * 1,838 alarms): the values read by name took 15.5 MB held whole (a VM's logs, configuration and
   * swap files, each with seven fields), 9.9 MB kept so (9 KB per VM with snapshots, its chains
   * included); the sparse properties 5.5 MB.
   */
  static final Map<String, UnaryOperator<XmlNode>> KEPT =
      Map.of("layoutEx.file", SnapshotBuilder::keptFiles, ALARMS, AlarmBuilder::keptStates, VmDevices.PATH, VmDevices::compact);

  /** An object's properties as vscope keeps them ({@link #KEPT}); the same map when none is reduced. */
  static Map<String, XmlNode> kept(Map<String, XmlNode> props) {
    if (props.keySet().stream().noneMatch(KEPT::containsKey)) {
      return props;
    }
    Map<String, XmlNode> out = new java.util.HashMap<>(props);
    KEPT.forEach((path, keep) -> out.computeIfPresent(path, (k, v) -> keep.apply(v)));
    return out;
  }

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
