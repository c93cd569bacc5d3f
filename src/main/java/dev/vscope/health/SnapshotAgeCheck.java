package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.time.Duration;
import java.time.Instant;

/**
 * VMs whose oldest snapshot is older than the configured days: a snapshot is not a backup, its
 * delta disk grows with every write the VM makes, slows its disk IO and makes its consolidation
 * longer the longer it is kept (VMware advises against keeping one beyond a few days).
 */
final class SnapshotAgeCheck extends PerEntityCheck<Inventory.Vm> {

  private static final double SECONDS_PER_DAY = 86_400;

  private final double days;

  SnapshotAgeCheck(double days) {
    super("oldSnapshot", new Text("VMs with a snapshot older than " + Text.threshold(days).en() + " days",
        "VM avec un instantané de plus de " + Text.threshold(days).fr() + " jours"), Severity.WARNING, VMS);
    this.days = days;
  }

  @Override
  Text problem(Inventory.Vm vm, Inventory.Datacenter dc, HealthInput input) {
    Inventory.VmSnapshots s = vm.snapshotState();
    Instant oldest = s == null ? null : s.oldest();
    if (oldest == null) {
      return null;
    }
    double age = Duration.between(oldest, input.now()).toSeconds() / SECONDS_PER_DAY;
    if (age <= days) {
      return null;
    }
    Text ageDays = Text.threshold(Math.floor(age));
    Text bytes = Bytes.of(s.bytes());
    int n = s.snapshots().size();
    return new Text("oldest " + ageDays.en() + " days, " + n + (n == 1 ? " snapshot, " : " snapshots, ") + bytes.en(),
        "le plus ancien a " + ageDays.fr() + " jours, " + n + (n == 1 ? " instantané, " : " instantanés, ") + bytes.fr());
  }
}
