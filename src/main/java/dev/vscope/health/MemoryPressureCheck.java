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
final class MemoryPressureCheck implements HealthCheck {

  @Override
  public String id() {
    return "memoryPressure";
  }

  @Override
  public Text title() {
    return new Text("Ballooning or swapping", "Mémoire de ballon ou échangée");
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
        if (vm.powerState() != PowerState.POWERED_ON) {
          continue;
        }
        double ballooned = value(input.latest(vm.id(), "mem.ballooned"), vm.memory().balloonedBytes());
        double swapped = value(input.latest(vm.id(), "mem.swapped"), vm.memory().swappedBytes());
        if (ballooned > 0 || swapped > 0) {
          Text b = Bytes.of(ballooned);
          Text s = Bytes.of(swapped);
          out.add(Finding.of(vm.id(), vm.name(), dc.id(),
              new Text("ballooned " + b.en() + ", swapped " + s.en(), "ballon " + b.fr() + ", échangée " + s.fr())));
        }
      }
    }
    return out;
  }

  /** The counter's latest value where there is one, else the quickStats figure; 0 when neither is known. */
  private static double value(Double counter, Long quickStats) {
    if (counter != null && !counter.isNaN()) {
      return counter;
    }
    return quickStats == null ? 0 : quickStats;
  }
}
