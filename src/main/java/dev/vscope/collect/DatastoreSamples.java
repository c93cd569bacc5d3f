package dev.vscope.collect;

import dev.vscope.store.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The datastore values that do not come from a datastore's own counters: its space from its
 * properties, and its realtime latency from the hosts that mount it (datastores have no realtime
 * counters of their own), averaged over those hosts per 20 s sample.
 */
final class DatastoreSamples {

  private DatastoreSamples() {}

  /** Whether {@link #add} reads this metric of hosts: the cycle keeps these samples until its end. */
  static boolean uses(String metric) {
    return metric.startsWith("datastore.readLatency[") || metric.startsWith("datastore.writeLatency[");
  }

  /**
   * @param intervalSeconds the collection interval: a space value read now stands for each 20 s
   *     step since the previous cycle
   */
  static void add(Inventory inv, Instant now, int intervalSeconds, Map<String, Map<String, List<Sample>>> perf,
      Map<String, Map<String, List<Sample>>> writes) {
    long t = now.getEpochSecond() / PerfDecoder.REALTIME_SECONDS * PerfDecoder.REALTIME_SECONDS;
    for (Inventory.Datacenter dc : inv.datacenters()) {
      for (Inventory.Datastore d : dc.datastores()) {
        Map<String, List<Sample>> m = writes.computeIfAbsent(d.id(), id -> new HashMap<>());
        m.put("space.capacity", PerfDecoder.spread(t, d.capacityBytes(), intervalSeconds));
        m.put("space.free", PerfDecoder.spread(t, d.freeBytes(), intervalSeconds));
        double used = d.capacityBytes() > 0 ? 100.0 * (d.capacityBytes() - d.freeBytes()) / d.capacityBytes() : Double.NaN;
        m.put("space.usedPercent", PerfDecoder.spread(t, used, intervalSeconds));
      }
      String prefix = dc.vcenter() + ":";
      for (String direction : List.of("read", "write")) {
        String hostMetric = "datastore." + direction + "Latency[";
        // datastore id → 20 s slot → {sum, count}
        Map<String, TreeMap<Long, double[]>> acc = new HashMap<>();
        for (Inventory.Host h : dc.hosts()) {
          Map<String, List<Sample>> hm = perf.get(h.id());
          if (hm == null) {
            continue;
          }
          hm.forEach((name, samples) -> {
            if (!name.startsWith(hostMetric)) {
              return;
            }
            String ds = prefix + name.substring(hostMetric.length(), name.length() - 1);
            TreeMap<Long, double[]> slots = acc.computeIfAbsent(ds, k -> new TreeMap<>());
            for (Sample s : samples) {
              if (!Double.isNaN(s.value())) {
                double[] sc = slots.computeIfAbsent(s.epochSecond() / 20 * 20, k -> new double[2]);
                sc[0] += s.value();
                sc[1]++;
              }
            }
          });
        }
        acc.forEach((ds, slots) -> {
          List<Sample> samples = new ArrayList<>();
          slots.forEach((slot, sc) -> samples.add(new Sample(slot, sc[0] / sc[1])));
          writes.computeIfAbsent(ds, id -> new HashMap<>()).put(direction + "Latency", samples);
        });
      }
    }
  }
}
