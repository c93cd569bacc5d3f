package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything vscope knows of the objects of one vCenter at one moment, per datacenter. Immutable:
 * each collection cycle publishes a new one. Enumerated values are spelled as vSphere spells them.
 */
public record Inventory(String vcenter, Instant collectedAt, List<Datacenter> datacenters) {

  public Inventory {
    datacenters = List.copyOf(datacenters);
  }

  /**
   * A datacenter's objects.
   *
   * @param alarms the alarms triggered on it and on its clusters, hosts, VMs and datastores (issue
   *     13), each once, in the order they triggered
   */
  public record Datacenter(
      String id, String name, String vcenter, List<Host> hosts, List<Datastore> datastores, List<Vm> vms, List<Cluster> clusters,
      List<TriggeredAlarm> alarms) {
    public Datacenter {
      hosts = List.copyOf(hosts);
      datastores = List.copyOf(datastores);
      vms = List.copyOf(vms);
      clusters = List.copyOf(clusters);
      alarms = alarms == null ? List.of() : List.copyOf(alarms); // a last-state file of an earlier version has none
    }
  }

  /** The inventory types an alarm can be on, by the name the API gives them. */
  public enum EntityType {
    DATACENTER("datacenter"),
    CLUSTER("cluster"),
    HOST("host"),
    VM("vm"),
    DATASTORE("datastore");

    private final String apiName;

    EntityType(String apiName) {
      this.apiName = apiName;
    }

    @JsonValue
    public String apiName() {
      return apiName;
    }
  }

  /**
   * A vCenter alarm triggered on an entity ({@code AlarmState} of {@code triggeredAlarmState}).
   *
   * @param key vCenter's key of the state ({@code alarm-7.host-21})
   * @param entity the id of the entity it is triggered on
   * @param alarm the Alarm's id; {@code alarmName} its {@code info.name}, or its moid while unknown
   * @param acknowledgedBy who acknowledged it, null when nobody has
   */
  public record TriggeredAlarm(String key, String entity, EntityType entityType, String entityName, String alarm, String alarmName,
      AlarmStatus status, Instant time, boolean acknowledged, String acknowledgedBy, Instant acknowledgedAt) {}

  /**
   * A VM's snapshots (issue 13): its snapshot tree in creation order, and what the chain takes on
   * disk from {@code layoutEx}. Null on a VM with no snapshot that needs no consolidation, which is
   * most VMs: they keep no object for it.
   *
   * @param snapshots every snapshot of the tree, oldest first
   * @param bytes the snapshots' files: the sum of their {@code sizeBytes}
   * @param depth the length of the chain the VM runs on: the current snapshot's depth (0 without one)
   * @param consolidationNeeded {@code runtime.consolidationNeeded}: delta disks left after a removal
   * @param bytesByDatastore the same bytes per datastore id, where the files are
   */
  public record VmSnapshots(List<Snapshot> snapshots, long bytes, int depth, boolean consolidationNeeded, Map<String, Long> bytesByDatastore) {
    public VmSnapshots {
      snapshots = List.copyOf(snapshots);
      bytesByDatastore = Map.copyOf(bytesByDatastore);
    }

    /** When the oldest snapshot was taken; null without snapshots. */
    public Instant oldest() {
      return snapshots.stream().map(Snapshot::created).filter(java.util.Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }
  }

  /**
   * One snapshot of a VM.
   *
   * @param id vCenter name and moid of the VirtualMachineSnapshot
   * @param sizeBytes its own files: its memory and state files, the delta disk it froze that its
   *     parent had not, and, for the current one, the delta the VM writes to now (as govc counts them)
   * @param depth 1 for a snapshot without parent, 2 for its children, and so on
   * @param current whether the VM runs on it ({@code snapshot.currentSnapshot})
   */
  public record Snapshot(String id, String name, String description, Instant created, long sizeBytes, int depth, boolean current) {}

  /**
   * A cluster (ClusterComputeResource): vSphere's summary and settings, and what vscope sums over
   * its member hosts and the VMs on them. Always the whole cluster, whoever looks.
   *
   * @param hosts the member hosts' ids
   */
  public record Cluster(String id, String name, List<String> hosts, ClusterSummary summary, ClusterSettings settings,
      ClusterHosts hostFigures, ClusterVms vmFigures, List<ResourcePool> pools) implements Named {
    public Cluster {
      hosts = List.copyOf(hosts);
      pools = List.copyOf(pools);
    }

    /** The connected hosts' CPU usage over the effective capacity, in percent; null without capacity. */
    public Double cpuUsagePercent() {
      return percent(hostFigures.cpuUsedMhz(), summary.effectiveCpuMhz());
    }

    /** The connected hosts' memory usage over the effective capacity, in percent; null without capacity. */
    public Double memUsagePercent() {
      return percent(hostFigures.memUsedBytes(), summary.effectiveMemoryBytes());
    }

    private static Double percent(long used, long capacity) {
      return capacity > 0 ? InventoryBuilder.round1(100.0 * used / capacity) : null;
    }
  }

  /**
   * vSphere's {@code summary} of a cluster. Effective figures count only the hosts that run VMs
   * (connected, not in maintenance), less what ESXi keeps for itself.
   */
  public record ClusterSummary(int cores, int threads, long effectiveCpuMhz, long effectiveMemoryBytes, long totalCpuMhz,
      long totalMemoryBytes, int numHosts, int numEffectiveHosts) {}

  /** HA and DRS; {@code drsBehavior} as vSphere spells it ({@code fullyAutomated}), null when unset. */
  public record ClusterSettings(boolean haEnabled, boolean drsEnabled, String drsBehavior) {}

  /**
   * Summed over the member hosts: usage (quickStats) of the connected ones, and the raw hardware
   * (cores × MHz, memory) of those the effective capacity counts (connected, not in maintenance):
   * summed, and of the largest of them, whose share of the effective capacity N+1 takes away.
   * {@code counted*} are 0 in a snapshot saved before they were read, which leaves N+1 unknown
   * until the next cycle.
   */
  public record ClusterHosts(int connected, int inMaintenance, long cpuUsedMhz, long memUsedBytes, long countedCpuMhz,
      long countedMemoryBytes, long largestCpuMhz, long largestMemoryBytes) {}

  /** The VMs on the member hosts (templates left out); vCPUs and memory of the powered-on ones. */
  public record ClusterVms(int vms, int poweredOn, int vcpus, long memAllocatedBytes) {}

  /**
   * Ballooned, swapped and compressed memory in bytes, from a VM's quickStats, or summed over a
   * host's running VMs (the fallback where vCenter has no value of the {@code mem.vmmemctl},
   * {@code mem.swapped} and {@code mem.compressed} counters); each null for a VM that is not
   * running or a host that is not connected, whose quickStats are stale or zero.
   */
  public record MemoryPressure(Long balloonedBytes, Long swappedBytes, Long compressedBytes) {
    public static final MemoryPressure UNKNOWN = new MemoryPressure(null, null, null);
  }

  /**
   * A resource pool of a cluster, as vSphere configures it, and its usage from quickStats (null
   * when vCenter gives none).
   *
   * @param parent the parent pool's id; null for the cluster's root pool
   * @param depth 0 for the root pool, its children 1, and so on
   * @param vms its own VMs' ids (not those of its child pools), templates left out
   */
  public record ResourcePool(String id, String name, String parent, int depth, Allocation cpu, Allocation memory, PoolUsage usage,
      List<String> vms) {
    public ResourcePool {
      vms = List.copyOf(vms);
    }
  }

  /**
   * A CPU (MHz) or memory (bytes) allocation; {@code limit} null for none, {@code sharesLevel} as
   * vSphere spells it (low, normal, high, custom), {@code shares} the number it stands for.
   */
  public record Allocation(long reservation, Long limit, boolean expandableReservation, String sharesLevel, int shares) {}

  /** A pool's quickStats: CPU in MHz, memory in bytes, of its VMs and its child pools'. */
  public record PoolUsage(Long cpuMhz, Long hostMemoryBytes, Long guestMemoryBytes) {}

  /** A physical NIC; {@code linkSpeedMbps} is null when the link is down. */
  /** What every listed entity has: vscope's id and vCenter's name. */
  public interface Named {
    String id();

    String name();
  }

  public record Nic(String device, Integer linkSpeedMbps, boolean up) {}

  public record Host(
      String id,
      String name,
      String cluster,
      ConnectionState connectionState,
      PowerState powerState,
      boolean inMaintenanceMode,
      int cores,
      int threads,
      int cpuMhz,
      long memoryBytes,
      Double cpuUsagePercent,
      Double memUsagePercent,
      int vms,
      int vcpus,
      List<Nic> nics,
      List<String> datastores,
      MemoryPressure memory,
      String build) implements Named {
    public Host {
      nics = List.copyOf(nics);
      datastores = List.copyOf(datastores);
      memory = memory == null ? MemoryPressure.UNKNOWN : memory; // a last-state file of an earlier version has none
    }

    /** This host listing only the given datastores (those a viewer may see). */
    public Host withDatastores(List<String> ids) {
      return new Host(id, name, cluster, connectionState, powerState, inMaintenanceMode, cores, threads, cpuMhz, memoryBytes,
          cpuUsagePercent, memUsagePercent, vms, vcpus, nics, ids, memory, build);
    }
  }

  /** {@code provisionedBytes} is capacity − free + uncommitted, what thin disks could grow to. */
  public record Datastore(
      String id,
      String name,
      String type,
      String url,
      long capacityBytes,
      long freeBytes,
      long uncommittedBytes,
      long provisionedBytes,
      boolean accessible,
      String maintenanceMode,
      int vms,
      int hosts) implements Named {}

  public record Vm(
      String id,
      String name,
      String host,
      String hostName,
      PowerState powerState,
      ToolsRunningStatus toolsRunningStatus,
      String toolsVersionStatus,
      int numCpu,
      int memoryMB,
      long committedBytes,
      long uncommittedBytes,
      String ftState,
      String guestFullName,
      List<String> datastores,
      MemoryPressure memory,
      List<DatastoreUsage> datastoreUsage,
      VmIdentity identity,
      List<String> isoFiles,
      @JsonInclude(JsonInclude.Include.NON_NULL) VmSnapshots snapshotState) implements Named {
    public Vm {
      datastores = List.copyOf(datastores);
      // a last-state file of an earlier version has none (SnapshotFile)
      datastoreUsage = datastoreUsage == null ? List.of() : List.copyOf(datastoreUsage);
      memory = memory == null ? MemoryPressure.UNKNOWN : memory;
      identity = identity == null ? VmIdentity.UNKNOWN : identity;
      isoFiles = isoFiles == null ? List.of() : List.copyOf(isoFiles);
    }

    /** This VM without its host's name (for a viewer who may not see the host: the id is all vSphere shows them). */
    public Vm withoutHostName() {
      return new Vm(id, name, host, null, powerState, toolsRunningStatus, toolsVersionStatus, numCpu, memoryMB, committedBytes,
          uncommittedBytes, ftState, guestFullName, datastores, memory, datastoreUsage, identity, isoFiles, snapshotState);
    }

    /** This VM listing only the given datastores (those a viewer may see), and its space on those only. */
    public Vm withDatastores(List<String> ids) {
      return new Vm(id, name, host, hostName, powerState, toolsRunningStatus, toolsVersionStatus, numCpu, memoryMB, committedBytes,
          uncommittedBytes, ftState, guestFullName, ids, memory, datastoreUsage.stream().filter(u -> ids.contains(u.datastore())).toList(),
          identity, isoFiles, snapshotState);
    }

    /** Its space on one datastore; null when vSphere lists none there. */
    public DatastoreUsage usageOn(String datastoreId) {
      return datastoreUsage.stream().filter(u -> u.datastore().equals(datastoreId)).findFirst().orElse(null);
    }
  }

  /**
   * What must be unique to one VM within a vCenter (issue 13): its BIOS UUID ({@code
   * config.uuid}, which cloning copies unless told otherwise), its instance UUID ({@code
   * config.instanceUuid}, vCenter's own id of the VM), its virtual NICs' MAC addresses (lower case)
   * and the IP address its guest reports ({@code guest.ipAddress}, null while Tools report none).
   * Null or empty where vCenter says nothing (and in a last-state file of an earlier version).
   */
  public record VmIdentity(String biosUuid, String instanceUuid, List<String> macAddresses, String ipAddress) {
    public static final VmIdentity UNKNOWN = new VmIdentity(null, null, List.of(), null);

    public VmIdentity {
      macAddresses = macAddresses == null ? List.of() : List.copyOf(macAddresses);
    }
  }

  /**
   * What a VM takes on one datastore ({@code storage.perDatastoreUsage}): committed is written to
   * it, uncommitted what its thin disks may still grow by, unshared what no other VM shares
   * (linked clones share their base disks). The VM lists leave it out ({@code Rows.VmRow}); a
   * datastore's VMs list it (issue 12).
   */
  public record DatastoreUsage(String datastore, long committedBytes, long uncommittedBytes, long unsharedBytes) {}
}
