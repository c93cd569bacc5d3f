package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * VMs whose oldest snapshot is older than the configured days: a snapshot is not a backup, its
 * delta disk grows with every write the VM makes, slows its disk IO and makes its consolidation
 * longer the longer it is kept (VMware advises against keeping one beyond a few days).
 */
final class SnapshotAgeCheck implements HealthCheck {

  private static final double SECONDS_PER_DAY = 86_400;

  private final double days;

  SnapshotAgeCheck(double days) {
    this.days = days;
  }

  @Override
  public String id() {
    return "oldSnapshot";
  }

  @Override
  public Text title() {
    return new Text("VMs with a snapshot older than " + Text.number(days).en() + " days",
        "VM avec un instantané de plus de " + Text.number(days).fr() + " jours");
  }

  @Override
  public Severity severity() {
    return Severity.WARNING;
  }

  @Override
  public List<Finding> run(HealthInput input) {
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (Inventory.Vm vm : dc.vms()) {
        Inventory.VmSnapshots s = vm.snapshotState();
        Instant oldest = s == null ? null : s.oldest();
        if (oldest == null) {
          continue;
        }
        double age = Duration.between(oldest, input.now()).toSeconds() / SECONDS_PER_DAY;
        if (age > days) {
          Text ageDays = Text.number(Math.floor(age));
          Text bytes = Bytes.of(s.bytes());
          int n = s.snapshots().size();
          out.add(Finding.of(vm.id(), vm.name(), dc.id(), new Text(
              "oldest " + ageDays.en() + " days, " + n + (n == 1 ? " snapshot, " : " snapshots, ") + bytes.en(),
              "le plus ancien a " + ageDays.fr() + " jours, " + n + (n == 1 ? " instantané, " : " instantanés, ") + bytes.fr())));
        }
      }
    }
    return out;
  }
}
