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
 * properties, and its realtime latency and IOPS from the hosts that mount it (datastores have no
 * realtime counters of their own), per 20 s sample: the latency averaged over those hosts, the
 * operations per second summed (each host counts its own operations on the datastore; issue 12).
 */
final class DatastoreSamples {

  private DatastoreSamples() {}

  /** Whether {@link #add} reads this metric of hosts: the cycle keeps these samples until its end. */
  static boolean uses(String metric) {
    return FROM_HOSTS.stream().anyMatch(m -> metric.startsWith(m.hostMetric() + "["));
  }

  /** A datastore value made of the hosts' per-datastore series, and how they are folded. */
  private record FromHosts(String hostMetric, String datastoreMetric, boolean summed) {}

  private static final List<FromHosts> FROM_HOSTS = List.of(
      new FromHosts("datastore.readLatency", "readLatency", false),
      new FromHosts("datastore.writeLatency", "writeLatency", false),
      new FromHosts("datastore.readIops", "readIops", true),
      new FromHosts("datastore.writeIops", "writeIops", true));

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
      for (FromHosts fold : FROM_HOSTS) {
        String hostMetric = fold.hostMetric() + "[";
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
          slots.forEach((slot, sc) -> samples.add(new Sample(slot, fold.summed() ? sc[0] : sc[0] / sc[1])));
          writes.computeIfAbsent(ds, id -> new HashMap<>()).put(fold.datastoreMetric(), samples);
        });
      }
    }
  }
}
