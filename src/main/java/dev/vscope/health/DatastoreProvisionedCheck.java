package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * Datastores provisioned above the threshold (default 150 %) of their capacity: used space plus
 * what their thin disks may still grow by ({@code uncommitted}), the Filer's overcommit. They do
 * not fail today, but would if the disks grew as configured.
 */
final class DatastoreProvisionedCheck implements HealthCheck {

  private final double thresholdPercent;

  DatastoreProvisionedCheck(double thresholdPercent) {
    this.thresholdPercent = thresholdPercent;
  }

  @Override
  public String id() {
    return "datastoreProvisioned";
  }

  @Override
  public Text title() {
    Text t = Percent.threshold(thresholdPercent);
    return new Text("Datastores provisioned above " + t.en() + "% of their capacity",
        "Banques de données provisionnées à plus de " + t.fr() + "\u202f% de leur capacité");
  }

  @Override
  public Severity severity() {
    return Severity.WARNING;
  }

  @Override
  public List<Finding> run(HealthInput input) {
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (Inventory.Datastore d : dc.datastores()) {
        if (d.capacityBytes() <= 0) {
          continue;
        }
        double provisioned = 100.0 * d.provisionedBytes() / d.capacityBytes();
        if (provisioned > thresholdPercent) {
          Text p = Text.decimal1(provisioned).then(new Text("%", "\u202f%"));
          Text size = Bytes.of(d.provisionedBytes());
          out.add(Finding.of(d.id(), d.name(), dc.id(),
              new Text(size.en() + " provisioned, " + p.en() + " of capacity", size.fr() + " provisionnés, " + p.fr() + " de la capacité")));
        }
      }
    }
    return out;
  }
}
