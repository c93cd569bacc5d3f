package dev.vscope.health;

import dev.vscope.collect.Inventory;

/**
 * Datastores whose used space ({@code capacity − freeSpace}) is above the threshold (default 85 %)
 * of their capacity: VMs there stop when it fills (thin disks, snapshots and swap files grow into
 * it). A datastore without a capacity (one vCenter has not measured) is left out.
 */
final class DatastoreUsedCheck extends PerEntityCheck<Inventory.Datastore> {

  private final double thresholdPercent;

  DatastoreUsedCheck(double thresholdPercent) {
    super("datastoreUsed", new Text("Datastores above " + Text.threshold(thresholdPercent).en() + "% used",
        "Banques de données utilisées à plus de " + Text.threshold(thresholdPercent).fr() + "\u202f%"), Severity.CRITICAL, DATASTORES);
    this.thresholdPercent = thresholdPercent;
  }

  @Override
  Text problem(Inventory.Datastore d, Inventory.Datacenter dc, HealthInput input) {
    if (d.capacityBytes() <= 0) {
      return null;
    }
    double used = 100.0 * (d.capacityBytes() - d.freeBytes()) / d.capacityBytes();
    if (used <= thresholdPercent) {
      return null;
    }
    Text free = Bytes.of(d.freeBytes());
    Text pct = Percent.of(used);
    return new Text(pct.en() + " used, " + free.en() + " free", pct.fr() + " utilisés, " + free.fr() + " libres");
  }
}
