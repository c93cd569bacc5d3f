package dev.vscope.collect;

import java.util.Map;

/**
 * What the web layer reads of one vCenter: the inventory of the last successful cycle, the latest
 * value of each metric per entity (id → metric → value), and the collection status. A failed cycle
 * keeps the previous inventory and values, with the new status.
 */
public record VcenterSnapshot(Inventory inventory, Map<String, Map<String, Double>> latest, VcenterStatus status) {

  public VcenterSnapshot {
    latest = Map.copyOf(latest);
  }

  /** Latest value of a metric of an entity, or null when unknown. */
  public Double latest(String entityId, String metric) {
    Map<String, Double> m = latest.get(entityId);
    return m == null ? null : m.get(metric);
  }
}
