package dev.vscope.web;

import dev.vscope.collect.Inventory;

/**
 * Capacity planning of one cluster, from its current load (docs/operations.md, "Clusters and
 * capacity"). Both answers take the cluster's effective capacity, the one DRS and HA plan with.
 *
 * <p>N+1: the current usage over the capacity left with the largest host down (the largest of
 * the hosts the effective capacity counts, by cores × MHz for CPU and by memory for memory). It
 * holds when both stay at or under 100 %.
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
    return new NPlusOne(cpu, mem, cpu != null && mem != null && cpu <= 100 && mem <= 100);
  }

  static Capacity capacity(Inventory.Cluster c, int targetPercent, boolean nPlusOne) {
    int on = c.vmFigures().poweredOn();
    Integer cpu = left(on, c.hostFigures().cpuUsedMhz(), nPlusOne ? cpuWithoutLargest(c) : c.summary().effectiveCpuMhz(), targetPercent);
    Integer mem = left(on, c.hostFigures().memUsedBytes(), nPlusOne ? memWithoutLargest(c) : c.summary().effectiveMemoryBytes(),
        targetPercent);
    Integer both = cpu == null ? mem : mem == null ? cpu : Integer.valueOf(Math.min(cpu, mem));
    return new Capacity(both, cpu, mem, targetPercent);
  }

  private static long cpuWithoutLargest(Inventory.Cluster c) {
    return c.summary().effectiveCpuMhz() - c.hostFigures().largestCpuMhz();
  }

  private static long memWithoutLargest(Inventory.Cluster c) {
    return c.summary().effectiveMemoryBytes() - c.hostFigures().largestMemoryBytes();
  }

  private static Integer left(int poweredOn, long used, long capacity, int targetPercent) {
    if (poweredOn <= 0 || used <= 0) {
      return null;
    }
    double fit = poweredOn * (targetPercent / 100.0 * capacity) / used - poweredOn;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.floor(fit)));
  }

  private static Double percent(long used, long capacity) {
    return capacity > 0 ? Math.round(1000.0 * used / capacity) / 10.0 : null;
  }
}
