package dev.vscope.collect;

import java.util.Map;

/**
 * What the web layer reads of one vCenter: the inventory of the last successful cycle, the latest
 * value of each metric per entity (id → metric → value), each datastore's space outlook (id →
 * outlook), and the collection status. A failed cycle keeps the previous inventory, values and
 * outlooks, with the new status.
 */
public record VcenterSnapshot(
    Inventory inventory, Map<String, Map<String, Double>> latest, Map<String, SpaceOutlook> outlooks, VcenterStatus status) {

  public VcenterSnapshot {
    latest = Map.copyOf(latest);
    outlooks = Map.copyOf(outlooks);
  }

  /** A datastore's days until full, or why there are none; null before its first full cycle. */
  public SpaceOutlook outlook(String datastoreId) {
    return outlooks.get(datastoreId);
  }

  /** Latest value of a metric of an entity, or null when unknown. */
  public Double latest(String entityId, String metric) {
    Map<String, Double> m = latest.get(entityId);
    return m == null ? null : m.get(metric);
  }
}
