package dev.vscope.health;

import dev.vscope.collect.Inventory;

/**
 * VMs whose CD-ROM holds an ISO file of a datastore ({@code VirtualCdromIsoBackingInfo}), whatever
 * their power state: the file cannot be moved or deleted, and it ties the VM to a datastore its
 * hosts must all mount (vMotion and DRS fail where one does not). Usually left over from an install.
 */
final class IsoMountedCheck extends PerEntityCheck<Inventory.Vm> {

  IsoMountedCheck() {
    super("isoMounted", new Text("VMs with an ISO in their CD-ROM", "VM avec un fichier ISO dans leur lecteur de CD-ROM"), Severity.WARNING, VMS);
  }

  @Override
  Text problem(Inventory.Vm vm, Inventory.Datacenter dc, HealthInput input) {
    return vm.isoFiles().isEmpty() ? null : Text.same(String.join(", ", vm.isoFiles()));
  }
}
