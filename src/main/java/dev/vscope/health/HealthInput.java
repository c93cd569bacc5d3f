package dev.vscope.health;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.VcenterSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the checks read of one vCenter, once per snapshot: the snapshot (inventory and latest
 * values), each VM's CPU ready per vCPU averaged over the last hour (from the history store, read
 * once for all the VMs), and the time it was computed at.
 *
 * @param cpuReadyPercent VM id → its mean CPU ready over the last hour; a VM without history has none
 */
public record HealthInput(VcenterSnapshot snapshot, Map<String, Double> cpuReadyPercent, Instant now) {

  public HealthInput {
    cpuReadyPercent = Map.copyOf(cpuReadyPercent);
  }

  /** The snapshot's datacenters; none before the first inventory. */
  public List<Inventory.Datacenter> datacenters() {
    return snapshot.inventory() == null ? List.of() : snapshot.inventory().datacenters();
  }

  /** The latest value of a metric of an entity, or null. */
  public Double latest(String entityId, String metric) {
    return snapshot.latest(entityId, metric);
  }
}
