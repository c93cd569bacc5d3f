package dev.vscope.web;

import dev.vscope.collect.Inventory;

/**
 * Capacity planning of one cluster, from its current load (docs/operations.md, "Clusters and
 * capacity"). Both answers take the cluster's effective capacity, the one DRS and HA plan with.
 *
 * <p>N+1: the current usage over the capacity left with the largest host down. vCenter gives the
 * effective capacity of the whole cluster only, and it is below the hosts' raw hardware by what
 * ESXi keeps for itself; so the largest host (of those the effective capacity counts, by cores ×
 * MHz for CPU and by memory for memory) takes away its share of it, {@code effective × largest /
 * counted}, not its raw hardware, which would take away too much. It holds when both stay at or
 * under 100 %, decided before rounding: 100.04 % does not hold.
 *
 * <p>VMs left: how many more VMs of the cluster's average powered-on VM (its usage over the
 * powered-on VMs, as SexiGraf counts it) fit under the target usage, for CPU and for memory:
 * {@code vmsOn × (target/100 × capacity) / used − vmsOn}, rounded down and never below 0; with
 * N+1, the capacity is that left with the largest host down. The lower of the two is
 * {@code vmsLeft}. Unknown (null) without a powered-on VM or without usage: there is no average
 * VM to count in.
 */
final class ClusterPlan {

  static final int DEFAULT_TARGET = 80;

  private ClusterPlan() {}

  record NPlusOne(Double cpuPercent, Double memPercent, boolean holds) {}

  record Capacity(Integer vmsLeft, Integer vmsLeftCpu, Integer vmsLeftMem, int targetPercent) {}

  static NPlusOne nPlusOne(Inventory.Cluster c) {
    Double cpu = percent(c.hostFigures().cpuUsedMhz(), cpuWithoutLargest(c));
    Double mem = percent(c.hostFigures().memUsedBytes(), memWithoutLargest(c));
    return new NPlusOne(rounded(cpu), rounded(mem), cpu != null && mem != null && cpu <= 100 && mem <= 100);
  }

  static Capacity capacity(Inventory.Cluster c, int targetPercent, boolean nPlusOne) {
    int on = c.vmFigures().poweredOn();
    Integer cpu = left(on, c.hostFigures().cpuUsedMhz(), nPlusOne ? cpuWithoutLargest(c) : c.summary().effectiveCpuMhz(), targetPercent);
    Integer mem = left(on, c.hostFigures().memUsedBytes(), nPlusOne ? memWithoutLargest(c) : c.summary().effectiveMemoryBytes(),
        targetPercent);
    Integer both = cpu == null ? mem : mem == null ? cpu : Integer.valueOf(Math.min(cpu, mem));
    return new Capacity(both, cpu, mem, targetPercent);
  }

  private static double cpuWithoutLargest(Inventory.Cluster c) {
    Inventory.ClusterHosts h = c.hostFigures();
    return withoutLargest(c.summary().effectiveCpuMhz(), h.countedCpuMhz(), h.largestCpuMhz());
  }

  private static double memWithoutLargest(Inventory.Cluster c) {
    Inventory.ClusterHosts h = c.hostFigures();
    return withoutLargest(c.summary().effectiveMemoryBytes(), h.countedMemoryBytes(), h.largestMemoryBytes());
  }

  /** The effective capacity less the largest host's share of it; 0 without a counted host. */
  private static double withoutLargest(long effective, long counted, long largest) {
    return counted > 0 ? effective * (double) (counted - largest) / counted : 0;
  }

  private static Integer left(int poweredOn, long used, double capacity, int targetPercent) {
    if (poweredOn <= 0 || used <= 0) {
      return null;
    }
    double fit = poweredOn * (targetPercent / 100.0 * capacity) / used - poweredOn;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.floor(fit)));
  }

  /** Unrounded: whether N+1 holds is decided on this, the API shows it rounded to 0.1. */
  private static Double percent(long used, double capacity) {
    return capacity > 0 ? 100.0 * used / capacity : null;
  }

  private static Double rounded(Double percent) {
    return percent == null ? null : Math.round(10.0 * percent) / 10.0;
  }
}
