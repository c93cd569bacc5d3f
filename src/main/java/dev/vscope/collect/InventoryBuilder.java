package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.XmlNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the properties read of one datacenter's objects into inventory records. Shared by the
 * one-shot read and the incremental tracker, which both hold objects as property maps.
 */
final class InventoryBuilder {

  /** What is summed per host over the VMs on it. */
  private static final int PER_HOST = 7;

  private InventoryBuilder() {}

  /** Entity id: vCenter name and managed object id, stable across restarts. */
  static String id(String vcenter, ManagedObjectReference ref) {
    return vcenter + ":" + ref.value();
  }

  /**
   * One datacenter's records.
   *
   * @param objects its objects' properties, by reference
   * @param dcProps the datacenter's own properties ({@link InventorySpec#DATACENTER})
   * @param named the properties of the objects read by name ({@link InventorySpec#NAMED}); empty
   *     for one not read
   */
  static Inventory.Datacenter datacenter(String vcenter, ManagedObjectReference dc, String dcName,
      Map<ManagedObjectReference, Map<String, XmlNode>> objects, Map<String, XmlNode> dcProps,
      Function<ManagedObjectReference, Map<String, XmlNode>> named) {
    Map<ManagedObjectReference, Props> hosts = new HashMap<>();
    Map<ManagedObjectReference, Props> compute = new HashMap<>();
    Map<ManagedObjectReference, Props> pools = new HashMap<>();
    List<Map.Entry<ManagedObjectReference, Props>> vms = new ArrayList<>();
    List<Map.Entry<ManagedObjectReference, Props>> datastores = new ArrayList<>();
    for (Map.Entry<ManagedObjectReference, Map<String, XmlNode>> e : objects.entrySet()) {
      Props p = new Props(e.getValue());
      switch (e.getKey().type()) {
        case "HostSystem" -> hosts.put(e.getKey(), p);
        case "VirtualMachine" -> {
          if (!p.bool("summary.config.template")) {
            vms.add(Map.entry(e.getKey(), p));
          }
        }
        case "Datastore" -> datastores.add(Map.entry(e.getKey(), p));
        case "ResourcePool", "VirtualApp" -> pools.put(e.getKey(), p);
        default -> compute.put(e.getKey(), p);
      }
    }

    // snapshot files are named by datastore name ("[ds1] vm/vm-000001.vmdk")
    Map<String, String> datastoreIds = new HashMap<>();
    datastores.forEach(e -> datastoreIds.putIfAbsent(e.getValue().str("name"), id(vcenter, e.getKey())));

    List<Inventory.Vm> vmList = new ArrayList<>();
    // {vms, vcpus of powered-on, powered-on vms, their memory in MB, their ballooned, swapped and compressed bytes}
    Map<ManagedObjectReference, long[]> perHost = new HashMap<>();
    // counted from the VMs' side, like the hosts' counts, so that templates are left out
    Map<ManagedObjectReference, Integer> perDatastore = new HashMap<>();
    for (Map.Entry<ManagedObjectReference, Props> e : vms) {
      Props p = e.getValue();
      ManagedObjectReference host = p.ref("runtime.host");
      Props hostProps = host == null ? null : hosts.get(host);
      int numCpu = p.integer("summary.config.numCpu", 0);
      PowerState power = PowerState.of(p.str("runtime.powerState"));
      for (ManagedObjectReference ds : p.refs("datastore")) {
        perDatastore.merge(ds, 1, Integer::sum);
      }
      Inventory.MemoryPressure memory = memoryPressure(p, power);
      if (host != null) {
        long[] counts = perHost.computeIfAbsent(host, h -> new long[PER_HOST]);
        counts[0]++;
        if (power == PowerState.POWERED_ON) {
          counts[1] += numCpu;
          counts[2]++;
          counts[3] += p.integer("summary.config.memorySizeMB", 0);
          counts[4] += memory.balloonedBytes();
          counts[5] += memory.swappedBytes();
          counts[6] += memory.compressedBytes();
        }
      }
      vmList.add(
          new Inventory.Vm(
              id(vcenter, e.getKey()),
              p.str("name"),
              host == null ? null : id(vcenter, host),
              hostProps == null ? null : hostProps.str("name"),
              power,
              ToolsRunningStatus.of(p.str("guest.toolsRunningStatus")),
              p.str("guest.toolsVersionStatus2"),
              numCpu,
              p.integer("summary.config.memorySizeMB", 0),
              p.lng("summary.storage.committed", 0),
              p.lng("summary.storage.uncommitted", 0),
              p.str("runtime.faultToleranceState"),
              p.str("summary.config.guestFullName"),
              p.refs("datastore").stream().map(ds -> id(vcenter, ds)).sorted().toList(),
              memory,
              usage(vcenter, p),
              identity(p),
              VmDevices.isos(p.node(VmDevices.PATH)),
              SnapshotBuilder.of(vcenter, p, named.apply(e.getKey()), datastoreIds)));
    }

    List<Inventory.Host> hostList = new ArrayList<>();
    for (Map.Entry<ManagedObjectReference, Props> e : hosts.entrySet()) {
      hostList.add(host(vcenter, e.getKey(), e.getValue(), compute, perHost.getOrDefault(e.getKey(), new long[PER_HOST])));
    }

    Map<ManagedObjectReference, Props> listedVms = new HashMap<>();
    vms.forEach(e -> listedVms.put(e.getKey(), e.getValue()));
    Map<ManagedObjectReference, List<Inventory.ResourcePool>> poolTrees = ResourcePoolBuilder.byCluster(vcenter, pools, listedVms);
    List<Inventory.Cluster> clusterList = new ArrayList<>();
    for (Map.Entry<ManagedObjectReference, Props> e : compute.entrySet()) {
      if (e.getKey().type().equals("ClusterComputeResource")) {
        clusterList.add(ClusterBuilder.cluster(vcenter, e.getKey(), e.getValue(), hosts, perHost,
            poolTrees.getOrDefault(e.getKey(), List.of())));
      }
    }

    List<Inventory.Datastore> dsList = new ArrayList<>();
    for (Map.Entry<ManagedObjectReference, Props> e : datastores) {
      Props p = e.getValue();
      long capacity = p.lng("summary.capacity", 0);
      long free = p.lng("summary.freeSpace", 0);
      long uncommitted = p.lng("summary.uncommitted", 0);
      dsList.add(
          new Inventory.Datastore(
              id(vcenter, e.getKey()),
              p.str("name"),
              p.str("summary.type"),
              p.str("summary.url"),
              capacity,
              free,
              uncommitted,
              capacity - free + uncommitted,
              p.bool("summary.accessible"),
              p.str("summary.maintenanceMode"),
              perDatastore.getOrDefault(e.getKey(), 0),
              p.array("host").size()));
    }

    hostList.sort(Comparator.comparing(Inventory.Host::name, Comparator.nullsLast(Comparator.naturalOrder())));
    dsList.sort(Comparator.comparing(Inventory.Datastore::name, Comparator.nullsLast(Comparator.naturalOrder())));
    vmList.sort(Comparator.comparing(Inventory.Vm::name, Comparator.nullsLast(Comparator.naturalOrder())));
    clusterList.sort(Comparator.comparing(Inventory.Cluster::name, Comparator.nullsLast(Comparator.naturalOrder())));
    return new Inventory.Datacenter(id(vcenter, dc), dcName, vcenter, hostList, dsList, vmList, clusterList,
        AlarmBuilder.alarms(vcenter, alarmStates(objects, dcProps), entities(dc, dcName, hosts, vms, datastores, compute), named));
  }

  /** The entities alarms are shown on: the datacenter, its clusters, hosts, VMs (templates left out) and datastores. */
  private static Map<ManagedObjectReference, AlarmBuilder.Entity> entities(ManagedObjectReference dc, String dcName,
      Map<ManagedObjectReference, Props> hosts, List<Map.Entry<ManagedObjectReference, Props>> vms,
      List<Map.Entry<ManagedObjectReference, Props>> datastores, Map<ManagedObjectReference, Props> compute) {
    Map<ManagedObjectReference, AlarmBuilder.Entity> out = new HashMap<>();
    out.put(dc, new AlarmBuilder.Entity(Inventory.EntityType.DATACENTER, dcName));
    hosts.forEach((r, p) -> out.put(r, new AlarmBuilder.Entity(Inventory.EntityType.HOST, p.str("name"))));
    vms.forEach(e -> out.put(e.getKey(), new AlarmBuilder.Entity(Inventory.EntityType.VM, e.getValue().str("name"))));
    datastores.forEach(e -> out.put(e.getKey(), new AlarmBuilder.Entity(Inventory.EntityType.DATASTORE, e.getValue().str("name"))));
    compute.forEach((r, p) -> {
      if (r.type().equals("ClusterComputeResource")) {
        out.put(r, new AlarmBuilder.Entity(Inventory.EntityType.CLUSTER, p.str("name")));
      }
    });
    return out;
  }

  /** The {@code triggeredAlarmState} values of the datacenter and its objects. */
  private static List<XmlNode> alarmStates(Map<ManagedObjectReference, Map<String, XmlNode>> objects, Map<String, XmlNode> dcProps) {
    List<XmlNode> out = new ArrayList<>();
    if (dcProps.get(InventorySpec.ALARMS) != null) {
      out.add(dcProps.get(InventorySpec.ALARMS));
    }
    for (Map<String, XmlNode> p : objects.values()) {
      XmlNode states = p.get(InventorySpec.ALARMS);
      if (states != null) {
        out.add(states);
      }
    }
    return out;
  }

  /**
   * The objects of one datacenter to read by name ({@link InventorySpec#NAMED}): the VMs that have
   * snapshots, and the alarms triggered.
   */
  static Set<ManagedObjectReference> namedObjects(Map<ManagedObjectReference, Map<String, XmlNode>> objects, Map<String, XmlNode> dcProps) {
    Set<ManagedObjectReference> out = new HashSet<>(AlarmBuilder.alarmsNamed(alarmStates(objects, dcProps)));
    for (Map.Entry<ManagedObjectReference, Map<String, XmlNode>> e : objects.entrySet()) {
      XmlNode snapshot = e.getValue().get(InventorySpec.SNAPSHOT);
      if (e.getKey().type().equals("VirtualMachine") && snapshot != null && snapshot.child("rootSnapshotList") != null) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  private static Inventory.Host host(
      String vcenter, ManagedObjectReference ref, Props p, Map<ManagedObjectReference, Props> compute, long[] counts) {
    ManagedObjectReference parent = p.ref("parent");
    String cluster = null;
    if (parent != null && parent.type().equals("ClusterComputeResource") && compute.containsKey(parent)) {
      cluster = compute.get(parent).str("name");
    }
    int cores = p.integer("summary.hardware.numCpuCores", 0);
    int mhz = p.integer("summary.hardware.cpuMhz", 0);
    long memory = p.lng("summary.hardware.memorySize", 0);
    ConnectionState connection = ConnectionState.of(p.str("runtime.connectionState"));
    boolean connected = connection == ConnectionState.CONNECTED;
    Long cpuUsed = p.lngOrNull("summary.quickStats.overallCpuUsage");
    Long memUsedMB = p.lngOrNull("summary.quickStats.overallMemoryUsage");
    // quickStats of a host that is not connected are stale or zero: unknown, not 0 %
    Double cpuPercent = connected && cpuUsed != null && cores * mhz > 0 ? round1(100.0 * cpuUsed / ((double) cores * mhz)) : null;
    Double memPercent = connected && memUsedMB != null && memory > 0 ? round1(100.0 * memUsedMB * 1024 * 1024 / memory) : null;
    List<Inventory.Nic> nics = new ArrayList<>();
    for (XmlNode nic : p.array("config.network.pnic")) {
      XmlNode speed = nic.path("linkSpeed.speedMb");
      Integer mbps = null;
      if (speed != null) {
        try {
          mbps = Integer.parseInt(speed.text().trim());
        } catch (NumberFormatException ignored) {
          // a malformed speed reads as link down rather than failing the host
        }
      }
      nics.add(new Inventory.Nic(nic.childText("device"), mbps, mbps != null));
    }
    nics.sort(Comparator.comparing(Inventory.Nic::device, Comparator.nullsLast(Comparator.naturalOrder())));
    return new Inventory.Host(
        id(vcenter, ref),
        p.str("name"),
        cluster,
        connection,
        PowerState.of(p.str("runtime.powerState")),
        p.bool("runtime.inMaintenanceMode"),
        cores,
        p.integer("summary.hardware.numCpuThreads", 0),
        mhz,
        memory,
        cpuPercent,
        memPercent,
        (int) counts[0],
        (int) counts[1],
        nics,
        p.refs("datastore").stream().map(ds -> id(vcenter, ds)).sorted().toList(),
        // a host's quickStats have no memory pressure figures: the sum over its running VMs' stands in
        connected ? new Inventory.MemoryPressure(counts[4], counts[5], counts[6]) : Inventory.MemoryPressure.UNKNOWN,
        blankToNull(p.str("summary.config.product.build")));
  }

  /** What must be unique to a VM; the guest's IP only while Tools report one (vCenter then sends none or ""). */
  private static Inventory.VmIdentity identity(Props p) {
    return new Inventory.VmIdentity(blankToNull(p.str("summary.config.uuid")), blankToNull(p.str("summary.config.instanceUuid")),
        VmDevices.macs(p.node(VmDevices.PATH)), blankToNull(p.str("guest.ipAddress")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * A running VM's quickStats; an unset figure is 0 there (vCenter sends zeros, govmomi's
   * simulator leaves them out). balloonedMemory and swappedMemory are in MB, compressedMemory in KB.
   */
  private static Inventory.MemoryPressure memoryPressure(Props p, PowerState power) {
    if (power != PowerState.POWERED_ON) {
      return Inventory.MemoryPressure.UNKNOWN;
    }
    return new Inventory.MemoryPressure(p.lng("summary.quickStats.balloonedMemory", 0) * 1024 * 1024,
        p.lng("summary.quickStats.swappedMemory", 0) * 1024 * 1024, p.lng("summary.quickStats.compressedMemory", 0) * 1024);
  }

  /** {@code storage.perDatastoreUsage}: an ArrayOfVirtualMachineUsageOnDatastore. */
  private static List<Inventory.DatastoreUsage> usage(String vcenter, Props p) {
    List<Inventory.DatastoreUsage> out = new ArrayList<>();
    for (XmlNode u : p.array("storage.perDatastoreUsage")) {
      XmlNode ds = u.child("datastore");
      if (ds != null && ds.attributes().containsKey("type")) {
        out.add(new Inventory.DatastoreUsage(id(vcenter, ds.asMoRef()), Props.number(u, "committed", 0), Props.number(u, "uncommitted", 0),
            Props.number(u, "unshared", 0)));
      }
    }
    return out;
  }

  static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
