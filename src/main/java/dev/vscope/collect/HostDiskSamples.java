package dev.vscope.collect;

import dev.vscope.store.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A host's read and write operations per second ({@code disk.readIops}, {@code disk.writeIops}),
 * per 20 s sample: the sum of its per-datastore series ({@code datastore.readIops[ds]}), so that
 * hosts rank by IOPS in Top-N (issue 12). An admin reads a host's IOPS as everything it sends to
 * its storage, and these are derived rather than read from the host's own
 * {@code disk.numberReadAveraged.average}, because:
 *
 * <ul>
 *   <li>that counter is per disk device (LUN): vSphere's counter reference documents it per
 *       instance, not as a host aggregate, so instance "" may answer nothing on a real ESXi;
 *   <li>NFS datastores are not disk devices of the host and are missing from the {@code disk}
 *       group, while the {@code datastore} group covers every datastore the host mounts;
 *   <li>the per-datastore counters are in each host's query already: no counter more for vCenter
 *       to answer, and a host's total and its datastores' (which {@link DatastoreSamples} sums
 *       over the hosts from the same series) add up to the same operations.
 * </ul>
 *
 * <p>The latency needs no such derivation: {@code disk.maxTotalLatency.latest} is a host
 * aggregate (the highest latency of its devices), the "Highest latency" of vCenter's own host
 * disk chart, and is collected as a counter ({@link Metric}).
 *
 * <p>Derived at the end of a cycle, not per answer: a host with many datastores has its metrics
 * split over several queries when they exceed vCenter's limit per query.
 */
final class HostDiskSamples {

  private HostDiskSamples() {}

  /** A host total and the per-datastore series it sums. */
  private record Total(String perDatastore, String hostMetric) {}

  private static final List<Total> TOTALS = List.of(
      new Total("datastore.readIops", "disk.readIops"),
      new Total("datastore.writeIops", "disk.writeIops"));

  /**
   * @param hosts the cycle's per-datastore samples of each host, by host id and stored metric name
   * @param writes where the totals go, by host id
   */
  static void add(Map<String, Map<String, List<Sample>>> hosts, Map<String, Map<String, List<Sample>>> writes) {
    hosts.forEach((host, metrics) -> {
      for (Total total : TOTALS) {
        String prefix = total.perDatastore() + "[";
        // 20 s slot → sum; a datastore without a value at a slot leaves the others' sum known
        TreeMap<Long, Double> slots = new TreeMap<>();
        metrics.forEach((name, samples) -> {
          if (!name.startsWith(prefix)) {
            return;
          }
          for (Sample s : samples) {
            if (!Double.isNaN(s.value())) {
              slots.merge(s.epochSecond() / PerfDecoder.REALTIME_SECONDS * PerfDecoder.REALTIME_SECONDS, s.value(), Double::sum);
            }
          }
        });
        if (!slots.isEmpty()) {
          List<Sample> out = new ArrayList<>(slots.size());
          slots.forEach((t, v) -> out.add(new Sample(t, v)));
          writes.computeIfAbsent(host, id -> new HashMap<>()).put(total.hostMetric(), out);
        }
      }
    });
  }
}
