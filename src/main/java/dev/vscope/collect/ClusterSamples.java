package dev.vscope.collect;

import dev.vscope.store.Sample;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's history: vCenter keeps no realtime counters for clusters, so each cycle records the
 * CPU and memory usage the inventory gives (the member hosts' quickStats over the cluster's
 * effective capacity), as {@code cpu.usage} and {@code mem.usage} in percent, the names hosts and
 * VMs use for the same values.
 */
final class ClusterSamples {

  private ClusterSamples() {}

  /**
   * @param intervalSeconds the collection interval: a value read now stands for each 20 s step
   *     since the previous cycle, as the datastores' space does
   */
  static void add(Inventory inv, Instant now, int intervalSeconds, Map<String, Map<String, List<Sample>>> writes) {
    long t = now.getEpochSecond() / PerfDecoder.REALTIME_SECONDS * PerfDecoder.REALTIME_SECONDS;
    for (Inventory.Datacenter dc : inv.datacenters()) {
      for (Inventory.Cluster c : dc.clusters()) {
        Map<String, List<Sample>> m = writes.computeIfAbsent(c.id(), id -> new HashMap<>());
        m.put("cpu.usage", PerfDecoder.spread(t, orNaN(c.cpuUsagePercent()), intervalSeconds));
        m.put("mem.usage", PerfDecoder.spread(t, orNaN(c.memUsagePercent()), intervalSeconds));
      }
    }
  }

  /** Unknown (no capacity: every host down) is a gap in the graph, not 0 %. */
  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
