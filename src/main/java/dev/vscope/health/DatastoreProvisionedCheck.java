package dev.vscope.health;

import dev.vscope.collect.Inventory;

/**
 * Datastores provisioned above the threshold (default 150 %) of their capacity: used space plus
 * what their thin disks may still grow by ({@code uncommitted}), the Filer's overcommit. They do
 * not fail today, but would if the disks grew as configured.
 */
final class DatastoreProvisionedCheck extends PerEntityCheck<Inventory.Datastore> {

  private final double thresholdPercent;

  DatastoreProvisionedCheck(double thresholdPercent) {
    super("datastoreProvisioned", new Text("Datastores provisioned above " + Text.threshold(thresholdPercent).en() + "% of their capacity",
        "Banques de données provisionnées à plus de " + Text.threshold(thresholdPercent).fr() + "\u202f% de leur capacité"), Severity.WARNING,
        DATASTORES);
    this.thresholdPercent = thresholdPercent;
  }

  @Override
  Text problem(Inventory.Datastore d, Inventory.Datacenter dc, HealthInput input) {
    if (d.capacityBytes() <= 0) {
      return null;
    }
    double provisioned = 100.0 * d.provisionedBytes() / d.capacityBytes();
    if (provisioned <= thresholdPercent) {
      return null;
    }
    Text p = Percent.of(provisioned);
    Text size = Bytes.of(d.provisionedBytes());
    return new Text(size.en() + " provisioned, " + p.en() + " of capacity", size.fr() + " provisionnés, " + p.fr() + " de la capacité");
  }
}
