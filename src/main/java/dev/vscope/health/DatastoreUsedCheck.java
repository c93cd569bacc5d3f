package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * Datastores whose used space ({@code capacity − freeSpace}) is above the threshold (default 85 %)
 * of their capacity: VMs there stop when it fills (thin disks, snapshots and swap files grow into
 * it). A datastore without a capacity (one vCenter has not measured) is left out.
 */
final class DatastoreUsedCheck implements HealthCheck {

  private final double thresholdPercent;

  DatastoreUsedCheck(double thresholdPercent) {
    this.thresholdPercent = thresholdPercent;
  }

  @Override
  public String id() {
    return "datastoreUsed";
  }

  @Override
  public Text title() {
    Text t = Percent.threshold(thresholdPercent);
    return new Text("Datastores above " + t.en() + "% used", "Banques de données utilisées à plus de " + t.fr() + "\u202f%");
  }

  @Override
  public Severity severity() {
    return Severity.CRITICAL;
  }

  @Override
  public List<Finding> run(HealthInput input) {
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (Inventory.Datastore d : dc.datastores()) {
        if (d.capacityBytes() <= 0) {
          continue;
        }
        double used = 100.0 * (d.capacityBytes() - d.freeBytes()) / d.capacityBytes();
        if (used > thresholdPercent) {
          Text free = Bytes.of(d.freeBytes());
          Text pct = Text.decimal1(used).then(new Text("%", "\u202f%"));
          out.add(Finding.of(d.id(), d.name(), dc.id(),
              new Text(pct.en() + " used, " + free.en() + " free", pct.fr() + " utilisés, " + free.fr() + " libres")));
        }
      }
    }
    return out;
  }
}
