package dev.vscope.health;

import dev.vscope.collect.Inventory;

/**
 * VMs whose disks need consolidation ({@code runtime.consolidationNeeded}): a snapshot removal
 * left delta disks behind, which keep growing and slow the VM until someone consolidates them.
 */
final class ConsolidationCheck extends PerEntityCheck<Inventory.Vm> {

  ConsolidationCheck() {
    super("consolidationNeeded", new Text("VMs whose disks need consolidation", "VM dont les disques doivent être consolidés"), Severity.WARNING,
        VMS);
  }

  @Override
  Text problem(Inventory.Vm vm, Inventory.Datacenter dc, HealthInput input) {
    Inventory.VmSnapshots s = vm.snapshotState();
    if (s == null || !s.consolidationNeeded()) {
      return null;
    }
    Text bytes = Bytes.of(s.bytes());
    return new Text("snapshot files: " + bytes.en(), "fichiers d’instantanés : " + bytes.fr());
  }
}
