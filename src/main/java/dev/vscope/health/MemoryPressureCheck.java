package dev.vscope.health;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Running VMs that ESXi takes memory from: ballooned ({@code mem.ballooned}) or swapped
 * ({@code mem.swapped}), each the latest sample where vCenter has the counter, else the VM's
 * quickStats, as the VMs list shows them (issue 12). Compressed memory alone is not flagged: it
 * is ESXi's cheap step before swapping.
 */
final class MemoryPressureCheck extends PerEntityCheck<Inventory.Vm> {

  MemoryPressureCheck() {
    super("memoryPressure", new Text("Ballooning or swapping", "Mémoire de ballon ou échangée"), Severity.WARNING, VMS);
  }

  @Override
  Text problem(Inventory.Vm vm, Inventory.Datacenter dc, HealthInput input) {
    if (vm.powerState() != PowerState.POWERED_ON) {
      return null;
    }
    double ballooned = value(input.latest(vm.id(), "mem.ballooned"), vm.memory().balloonedBytes());
    double swapped = value(input.latest(vm.id(), "mem.swapped"), vm.memory().swappedBytes());
    List<Text> parts = new ArrayList<>(2);
    if (ballooned > 0) {
      Text b = Bytes.of(ballooned);
      parts.add(new Text("ballooned " + b.en(), "ballon " + b.fr()));
    }
    if (swapped > 0) {
      Text w = Bytes.of(swapped);
      parts.add(new Text("swapped " + w.en(), "échangée " + w.fr()));
    }
    return parts.isEmpty() ? null : Text.join(parts);
  }

  /** The counter's latest value where there is one, else the quickStats figure; 0 when neither is known. */
  private static double value(Double counter, Long quickStats) {
    if (counter != null && !counter.isNaN()) {
      return counter;
    }
    return quickStats == null ? 0 : quickStats;
  }
}
