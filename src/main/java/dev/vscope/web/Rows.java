package dev.vscope.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vscope.collect.AlarmStatus;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import dev.vscope.collect.SpaceOutlook;
import dev.vscope.collect.VcenterSnapshot;
import java.time.Instant;
import java.util.List;

/** What the list endpoints answer per entity: its inventory fields plus its latest performance values. */
final class Rows {

  private Rows() {}

  /**
   * A datacenter as {@code datacenters} lists it, with what the viewer may see of it: the counts of
   * its entities, and of the red and yellow alarms triggered on them (issue 13).
   */
  record DatacenterRow(String id, String name, String vcenter, int hosts, int vms, int datastores, int alarmsRed, int alarmsYellow) {}

  record HostRow(
      @JsonUnwrapped @JsonIgnoreProperties("memory") Inventory.Host host, String datacenter, Double netRxKBps, Double netTxKBps, Double cpuReadyPercent,
      Double diskReadKBps, Double diskWriteKBps, @JsonUnwrapped Memory memory) {}

  /**
   * Ballooned, swapped and compressed memory in bytes (issue 12): the latest {@code mem.ballooned},
   * {@code mem.swapped} and {@code mem.compressed} samples, or a VM's quickStats where the
   * counters have no value; null when neither is known.
   */
  record Memory(Double memBalloonedBytes, Double memSwappedBytes, Double memCompressedBytes) {}

  /**
   * A cluster as {@code clusters} lists it. Figures are of the whole cluster: only viewers who may
   * see the cluster itself get a row (issue 12). {@code memCapacityBytes} is the effective memory,
   * which usage, N+1 and VMs left are measured against; {@code memPhysicalBytes} the hosts'
   * physical memory ({@code summary.totalMemory}), which vRAM allocated is over.
   */
  record ClusterRow(
      String id,
      String name,
      String datacenter,
      int hosts,
      int hostsConnected,
      int hostsInMaintenance,
      int cores,
      int threads,
      long cpuCapacityMhz,
      long memCapacityBytes,
      Double cpuUsagePercent,
      Double memUsagePercent,
      int vms,
      int vmsPoweredOn,
      int vcpus,
      Double vcpuPerCore,
      long memAllocatedBytes,
      long memPhysicalBytes,
      boolean haEnabled,
      boolean drsEnabled,
      String drsBehavior,
      @JsonProperty("nPlusOne") ClusterPlan.NPlusOne nPlusOne,
      ClusterPlan.Capacity capacity) {

    static ClusterRow of(Inventory.Cluster c, String datacenter, int targetPercent, boolean nPlusOne) {
      Inventory.ClusterSummary s = c.summary();
      return new ClusterRow(c.id(), c.name(), datacenter, c.hosts().size(), c.hostFigures().connected(), c.hostFigures().inMaintenance(),
          s.cores(), s.threads(), s.effectiveCpuMhz(), s.effectiveMemoryBytes(), c.cpuUsagePercent(), c.memUsagePercent(),
          c.vmFigures().vms(), c.vmFigures().poweredOn(), c.vmFigures().vcpus(),
          s.cores() > 0 ? Math.round(100.0 * c.vmFigures().vcpus() / s.cores()) / 100.0 : null, c.vmFigures().memAllocatedBytes(),
          s.totalMemoryBytes(), c.settings().haEnabled(), c.settings().drsEnabled(), c.settings().drsBehavior(), ClusterPlan.nPlusOne(c),
          ClusterPlan.capacity(c, targetPercent, nPlusOne));
    }
  }

  /**
   * A resource pool as {@code resourcePools} lists it (issue 12), flat for CSV: CPU in MHz, memory
   * in bytes, a null limit for none. {@code vms} counts all the pool's own VMs, as vSphere's
   * property does for whoever may see the pool; {@code vmList} names those the viewer may see.
   */
  record PoolRow(
      String id,
      String name,
      String cluster,
      String parent,
      int depth,
      long cpuReservationMhz,
      Long cpuLimitMhz,
      boolean cpuExpandableReservation,
      String cpuSharesLevel,
      int cpuShares,
      long memReservationBytes,
      Long memLimitBytes,
      boolean memExpandableReservation,
      String memSharesLevel,
      int memShares,
      Long cpuUsageMhz,
      Long hostMemoryUsageBytes,
      Long guestMemoryUsageBytes,
      int vms,
      List<VmRef> vmList) {

    static PoolRow of(Inventory.ResourcePool p, String cluster, List<VmRef> visibleVms) {
      Inventory.Allocation cpu = p.cpu();
      Inventory.Allocation mem = p.memory();
      return new PoolRow(p.id(), p.name(), cluster, p.parent(), p.depth(),
          cpu.reservation(), cpu.limit(), cpu.expandableReservation(), cpu.sharesLevel(), cpu.shares(),
          mem.reservation(), mem.limit(), mem.expandableReservation(), mem.sharesLevel(), mem.shares(),
          p.usage().cpuMhz(), p.usage().hostMemoryBytes(), p.usage().guestMemoryBytes(), p.vms().size(), visibleVms);
    }
  }

  /** A VM named in another entity's row. */
  record VmRef(String id, String name) {}

  /**
   * A datastore as {@code datastores} lists it. {@code overcommitPercent} is provisioned over
   * capacity; {@code daysUntilFull} is null where {@code daysUntilFullReason} says why (issue 12).
   */
  record DatastoreRow(
      @JsonUnwrapped Inventory.Datastore datastore,
      String datacenter,
      Double usedPercent,
      Double overcommitPercent,
      Double daysUntilFull,
      SpaceOutlook.Reason daysUntilFullReason,
      Double readLatencyMs,
      Double writeLatencyMs,
      Double readIops,
      Double writeIops,
      long snapshotBytes) {

    /** @param snapshotBytes the snapshot files on it of the VMs the viewer may see (issue 13) */
    static DatastoreRow of(VcenterSnapshot s, String datacenter, Inventory.Datastore d, long snapshotBytes) {
      Double used = d.capacityBytes() > 0 ? Math.round(1000.0 * (d.capacityBytes() - d.freeBytes()) / d.capacityBytes()) / 10.0 : null;
      Double overcommit = d.capacityBytes() > 0 ? Math.round(1000.0 * d.provisionedBytes() / d.capacityBytes()) / 10.0 : null;
      SpaceOutlook outlook = s.outlook(d.id());
      return new DatastoreRow(d, datacenter, used, overcommit, outlook == null ? null : outlook.daysUntilFull(),
          outlook == null ? null : outlook.reason(), s.latest(d.id(), "readLatency"), s.latest(d.id(), "writeLatency"),
          s.latest(d.id(), "readIops"), s.latest(d.id(), "writeIops"), snapshotBytes);
    }
  }

  /**
   * A VM as a datastore lists it ({@code datastores/vms}): its space on that datastore from
   * {@code storage.perDatastoreUsage} (null where vSphere lists none), and its disk latency and
   * IOPS, which are the VM's over all its disks.
   */
  record DatastoreVmRow(
      String id,
      String name,
      String host,
      String hostName,
      PowerState powerState,
      Long committedBytes,
      Long uncommittedBytes,
      Long unsharedBytes,
      Double diskLatencyMs,
      Double diskReadIops,
      Double diskWriteIops) {

    static DatastoreVmRow of(VmRow row, Inventory.DatastoreUsage usage) {
      Inventory.Vm v = row.vm();
      return new DatastoreVmRow(v.id(), v.name(), v.host(), v.hostName(), v.powerState(),
          usage == null ? null : usage.committedBytes(), usage == null ? null : usage.uncommittedBytes(),
          usage == null ? null : usage.unsharedBytes(), row.diskLatencyMs(), row.diskReadIops(), row.diskWriteIops());
    }
  }

  /**
   * A VM as {@code vms} lists it. Its space per datastore is left out: at 40,000 VMs it would add
   * megabytes to every answer, and {@code datastores/vms} gives it per datastore (issue 12). So are
   * its identities and ISO files, which the health checks read (issue 13): another 200 bytes a VM.
   * Its own quickStats memory figures go out once, as {@code memory*Bytes} with the counters'.
   */
  record VmRow(
      @JsonUnwrapped @JsonIgnoreProperties({"memory", "datastoreUsage", "identity", "isoFiles", "snapshotState"}) Inventory.Vm vm,
      String datacenter,
      Double cpuUsagePercent,
      Double memUsagePercent,
      Double netRxKBps,
      Double netTxKBps,
      Double cpuReadyPercent,
      Double diskReadKBps,
      Double diskWriteKBps,
      Double diskReadIops,
      Double diskWriteIops,
      Double diskLatencyMs,
      @JsonUnwrapped Memory memoryPressure,
      @JsonUnwrapped SnapshotFigures snapshotFigures) {}

  /**
   * A VM's snapshots in its row (issue 13): how many, when the oldest was taken (null without
   * any), the bytes of their files, the depth of the chain it runs on, and whether vSphere says its
   * disks need consolidation.
   */
  record SnapshotFigures(int snapshots, Instant oldestSnapshot, long snapshotBytes, int snapshotDepth, boolean consolidationNeeded) {
    static final SnapshotFigures NONE = new SnapshotFigures(0, null, 0, 0, false);

    static SnapshotFigures of(Inventory.VmSnapshots s) {
      return s == null ? NONE : new SnapshotFigures(s.snapshots().size(), s.oldest(), s.bytes(), s.depth(), s.consolidationNeeded());
    }
  }

  /** One snapshot as {@code snapshots} lists it (issue 13); {@code depth} 1 for a snapshot without parent. */
  record SnapshotRow(String id, String vm, String vmName, String name, String description, Instant created, long sizeBytes, int depth,
      boolean current) {

    static SnapshotRow of(Inventory.Vm vm, Inventory.Snapshot s) {
      return new SnapshotRow(s.id(), vm.id(), vm.name(), s.name(), s.description(), s.created(), s.sizeBytes(), s.depth(), s.current());
    }
  }

  /**
   * A triggered alarm as {@code alarms} and an entity's page list it (issue 13): {@code alarm} is
   * the alarm's name, {@code status} red or yellow.
   */
  record AlarmRow(String key, String entity, String entityName, Inventory.EntityType entityType, String alarm, String alarmId,
      AlarmStatus status, Instant time, boolean acknowledged, String acknowledgedBy, Instant acknowledgedAt) {

    static AlarmRow of(Inventory.TriggeredAlarm a) {
      return new AlarmRow(a.key(), a.entity(), a.entityName(), a.entityType(), a.alarmName(), a.alarm(), a.status(), a.time(),
          a.acknowledged(), a.acknowledgedBy(), a.acknowledgedAt());
    }
  }
}
