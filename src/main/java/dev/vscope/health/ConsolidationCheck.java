package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * VMs whose disks need consolidation ({@code runtime.consolidationNeeded}): a snapshot removal
 * left delta disks behind, which keep growing and slow the VM until someone consolidates them.
 */
final class ConsolidationCheck implements HealthCheck {

  @Override
  public String id() {
    return "consolidationNeeded";
  }

  @Override
  public Text title() {
    return new Text("VMs whose disks need consolidation", "VM dont les disques doivent être consolidés");
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
        if (s != null && s.consolidationNeeded()) {
          Text bytes = Bytes.of(s.bytes());
          out.add(Finding.of(vm.id(), vm.name(), dc.id(), new Text("snapshot files: " + bytes.en(), "fichiers d’instantanés : " + bytes.fr())));
        }
      }
    }
    return out;
  }
}
