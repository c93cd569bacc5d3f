package dev.vscope.collect;

import dev.vscope.store.HistoryStore;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time of each entity's last stored sample, where its next performance query starts: asked of
 * the store once per entity, then moved on by the collector's own writes. Entities gone from the
 * inventory are forgotten, so that it does not grow with the VMs created and deleted over months;
 * one that comes back is asked of the store again. Thread-safe: the query threads write it.
 */
final class LastStored {

  private final HistoryStore store;
  private final Map<String, Long> byEntity = new ConcurrentHashMap<>();

  LastStored(HistoryStore store) {
    this.store = store;
  }

  /**
   * Epoch second of the entity's last stored sample, null when none. The store is asked for the
   * metric every entity of that kind has: a datastore's come from the 5-minute interval and from
   * the inventory, it has no {@code cpu.usage}.
   */
  Long of(String entityId, Metric.Kind kind) {
    long v = byEntity.computeIfAbsent(entityId, id -> store.lastTimestamp(id, primaryMetric(kind)).orElse(Long.MIN_VALUE));
    return v == Long.MIN_VALUE ? null : v;
  }

  /** The entity's samples up to {@code epochSecond} are stored now. */
  void advance(String entityId, long epochSecond) {
    byEntity.merge(entityId, epochSecond, Math::max);
  }

  /** Forgets every entity that is not in the inventory any more. */
  void retainIn(Inventory inventory) {
    Set<String> present = new HashSet<>();
    for (Inventory.Datacenter dc : inventory.datacenters()) {
      dc.hosts().forEach(h -> present.add(h.id()));
      dc.vms().forEach(v -> present.add(v.id()));
      dc.datastores().forEach(d -> present.add(d.id()));
    }
    byEntity.keySet().retainAll(present);
  }

  /** Entities known, for tests. */
  int size() {
    return byEntity.size();
  }

  private static String primaryMetric(Metric.Kind kind) {
    return kind == Metric.Kind.DATASTORE ? "disk.used" : "cpu.usage";
  }
}
