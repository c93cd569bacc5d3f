package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import java.util.List;
import java.util.Map;

/**
 * Turns a cluster's properties into its inventory record, with the figures vSphere's summary does
 * not give: usage from the member hosts' quickStats, and the VMs on them. The summary's own
 * effective capacity is kept as the capacity: it is what DRS and HA plan with.
 */
final class ClusterBuilder {

  private static final long MB = 1024L * 1024;

  private ClusterBuilder() {}

  /**
   * @param hosts every host of the datacenter by reference
   * @param perHost per host: {VMs, vCPUs of powered-on VMs, powered-on VMs, their memory in MB}
   */
  static Inventory.Cluster cluster(String vcenter, ManagedObjectReference ref, Props p, Map<ManagedObjectReference, Props> hosts,
      Map<ManagedObjectReference, long[]> perHost, List<Inventory.ResourcePool> pools) {
    List<ManagedObjectReference> members = p.refs("host");
    int connected = 0;
    int maintenance = 0;
    long cpuUsed = 0;
    long memUsed = 0;
    long countedCpu = 0;
    long countedMem = 0;
    long largestCpu = 0;
    long largestMem = 0;
    long[] vms = new long[4]; // the first four of perHost's figures
    for (ManagedObjectReference h : members) {
      long[] counts = perHost.get(h);
      if (counts != null) {
        for (int i = 0; i < vms.length; i++) {
          vms[i] += counts[i];
        }
      }
      Props hp = hosts.get(h);
      if (hp == null) {
        continue;
      }
      boolean inMaintenance = hp.bool("runtime.inMaintenanceMode");
      if (inMaintenance) {
        maintenance++;
      }
      if (ConnectionState.of(hp.str("runtime.connectionState")) != ConnectionState.CONNECTED) {
        continue; // a host vCenter lost reports stale or no quickStats
      }
      connected++;
      cpuUsed += hp.lng("summary.quickStats.overallCpuUsage", 0);
      memUsed += hp.lng("summary.quickStats.overallMemoryUsage", 0) * MB;
      if (!inMaintenance) { // the hosts summary.effectiveCpu and effectiveMemory count
        long cpu = hp.lng("summary.hardware.numCpuCores", 0) * hp.lng("summary.hardware.cpuMhz", 0);
        long mem = hp.lng("summary.hardware.memorySize", 0);
        countedCpu += cpu;
        countedMem += mem;
        largestCpu = Math.max(largestCpu, cpu);
        largestMem = Math.max(largestMem, mem);
      }
    }
    return new Inventory.Cluster(
        InventoryBuilder.id(vcenter, ref),
        p.str("name"),
        members.stream().map(h -> InventoryBuilder.id(vcenter, h)).sorted().toList(),
        new Inventory.ClusterSummary(
            p.integer("summary.numCpuCores", 0),
            p.integer("summary.numCpuThreads", 0),
            p.lng("summary.effectiveCpu", 0),
            p.lng("summary.effectiveMemory", 0) * MB, // vSphere gives this one in MB, totalMemory in bytes
            p.lng("summary.totalCpu", 0),
            p.lng("summary.totalMemory", 0),
            p.integer("summary.numHosts", 0),
            p.integer("summary.numEffectiveHosts", 0)),
        new Inventory.ClusterSettings(
            p.bool("configuration.dasConfig.enabled"),
            p.bool("configuration.drsConfig.enabled"),
            p.str("configuration.drsConfig.defaultVmBehavior")),
        new Inventory.ClusterHosts(connected, maintenance, cpuUsed, memUsed, countedCpu, countedMem, largestCpu, largestMem),
        new Inventory.ClusterVms((int) vms[0], (int) vms[2], (int) vms[1], vms[3] * MB),
        pools);
  }
}
