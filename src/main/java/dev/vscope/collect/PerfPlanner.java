package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.PerfCounter;
import dev.vscope.vim.PerfMetricId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Decides what one cycle asks for: per entity, the counters of its kind that this vCenter offers,
 * from the sample after the last one stored (at most the hour that ESXi keeps, or the shorter
 * backfill a memory shortage allows) up to vCenter's now.
 * Powered-off VMs and hosts that are not connected have no realtime statistics and are not asked.
 */
final class PerfPlanner {

  /** ESXi keeps 180 realtime samples: one hour. */
  static final int REALTIME_SAMPLES = 180;
  static final int HISTORICAL_INTERVAL = 300;
  /** Datastores are asked for the last hour of their 5-minute interval, as hosts and VMs. */
  static final int HISTORICAL_SAMPLES = 12;

  private final Map<String, PerfCounter> catalog;

  PerfPlanner(Map<String, PerfCounter> catalog) {
    this.catalog = catalog;
  }

  /** Counters of {@link Metric#ALL} that this vCenter does not offer, by full name. */
  List<String> missingCounters() {
    return Metric.ALL.stream().map(Metric::counter).filter(c -> c != null && !catalog.containsKey(c)).distinct().sorted().toList();
  }

  /**
   * @param lastStored epoch second of the last stored sample of an entity, or null
   * @param backfill the longest window asked for (at most the hour ESXi keeps)
   */
  List<EntityQuery> plan(Inventory inv, Instant now, BiFunction<String, Metric.Kind, Long> lastStored, Duration backfill) {
    int realtime = samples(backfill, PerfDecoder.REALTIME_SECONDS, REALTIME_SAMPLES);
    int historical = samples(backfill, HISTORICAL_INTERVAL, HISTORICAL_SAMPLES);
    List<EntityQuery> out = new ArrayList<>();
    for (Inventory.Datacenter dc : inv.datacenters()) {
      Map<String, Inventory.Datastore> datastores = new HashMap<>();
      dc.datastores().forEach(d -> datastores.put(d.id(), d));
      for (Inventory.Host h : dc.hosts()) {
        if (h.connectionState() != ConnectionState.CONNECTED) {
          continue;
        }
        Map<String, String> nics = new HashMap<>();
        h.nics().forEach(n -> nics.put(n.device(), n.device()));
        Map<String, String> dsInstances = new HashMap<>();
        for (String dsId : h.datastores()) {
          Inventory.Datastore ds = datastores.get(dsId);
          String uuid = ds == null ? null : datastoreUuid(ds.url());
          if (uuid != null) {
            dsInstances.put(uuid, moid(dsId));
          }
        }
        out.add(query(new Target(h.id(), "HostSystem", Metric.Kind.HOST, h.cores(), PerfDecoder.REALTIME_SECONDS, realtime, nics, dsInstances),
            now, lastStored));
      }
      for (Inventory.Vm v : dc.vms()) {
        if (v.powerState() == PowerState.POWERED_ON) {
          out.add(query(new Target(v.id(), "VirtualMachine", Metric.Kind.VM, v.numCpu(), PerfDecoder.REALTIME_SECONDS, realtime, Map.of(), Map.of()),
              now, lastStored));
        }
      }
      for (Inventory.Datastore d : dc.datastores()) {
        if (d.accessible()) {
          out.add(query(new Target(d.id(), "Datastore", Metric.Kind.DATASTORE, 0, HISTORICAL_INTERVAL, historical, Map.of(), Map.of()),
              now, lastStored));
        }
      }
    }
    out.removeIf(q -> q.metricIds().isEmpty());
    return out;
  }

  /** Samples of {@code intervalSeconds} in the backfill window: at least one, at most {@code max}. */
  private static int samples(Duration backfill, int intervalSeconds, int max) {
    return (int) Math.max(1, Math.min(max, backfill.toSeconds() / intervalSeconds));
  }

  /**
   * What one entity's query is made of.
   *
   * @param type its managed object type
   * @param cpus vCPUs (VMs) or cores (hosts), which CPU ready is divided by; 0 for datastores
   * @param interval the sampling interval asked for, in seconds
   * @param maxSamples the most samples of it asked for (the backfill window)
   * @param nics counter instance → series instance, for per-NIC series
   * @param dsInstances datastore uuid (the counters' instance) → datastore moid (the series')
   */
  private record Target(String id, String type, Metric.Kind kind, int cpus, int interval, int maxSamples, Map<String, String> nics,
      Map<String, String> dsInstances) {}

  private EntityQuery query(Target target, Instant now, BiFunction<String, Metric.Kind, Long> lastStored) {
    String id = target.id();
    Metric.Kind kind = target.kind();
    int interval = target.interval();
    int maxSamples = target.maxSamples();
    Map<String, String> nics = target.nics();
    Map<String, String> dsInstances = target.dsInstances();
    long window = (long) interval * maxSamples;
    long from = now.getEpochSecond() - window + interval;
    Long last = lastStored.apply(id, kind);
    if (last != null && last > from) {
      from = last;
    }
    int samples = (int) Math.max(1, Math.min(maxSamples, (now.getEpochSecond() - from) / interval + 1));
    List<PerfMetricId> ids = new ArrayList<>();
    Map<Integer, Metric> counters = new HashMap<>();
    for (Metric m : Metric.of(kind)) {
      PerfCounter c = m.counter() == null ? null : catalog.get(m.counter());
      if (c == null) {
        continue;
      }
      counters.put(c.key(), m);
      switch (m.instances()) {
        case TOTAL -> ids.add(new PerfMetricId(c.key(), ""));
        case SUM, MAX -> ids.add(new PerfMetricId(c.key(), "*"));
        case TOTAL_AND_PER_NIC -> {
          ids.add(new PerfMetricId(c.key(), ""));
          nics.keySet().stream().sorted().forEach(i -> ids.add(new PerfMetricId(c.key(), i)));
        }
        case PER_DATASTORE -> dsInstances.keySet().stream().sorted().forEach(i -> ids.add(new PerfMetricId(c.key(), i)));
      }
    }
    Map<String, String> instances = new HashMap<>(nics);
    instances.putAll(dsInstances);
    return new EntityQuery(
        id, new ManagedObjectReference(target.type(), moid(id)), kind, target.cpus(), Instant.ofEpochSecond(from), interval, samples, ids,
        counters, instances);
  }

  static String moid(String entityId) {
    return entityId.substring(entityId.indexOf(':') + 1);
  }

  /** The uuid in {@code ds:///vmfs/volumes/<uuid>/}, which is the instance of hosts' datastore counters. */
  static String datastoreUuid(String url) {
    if (url == null) {
      return null;
    }
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    int slash = trimmed.lastIndexOf('/');
    return slash < 0 || slash == trimmed.length() - 1 ? null : trimmed.substring(slash + 1);
  }
}
