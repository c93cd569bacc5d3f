package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * VMs whose CD-ROM holds an ISO file of a datastore ({@code VirtualCdromIsoBackingInfo}), whatever
 * their power state: the file cannot be moved or deleted, and it ties the VM to a datastore its
 * hosts must all mount (vMotion and DRS fail where one does not). Usually left over from an install.
 */
final class IsoMountedCheck implements HealthCheck {

  @Override
  public String id() {
    return "isoMounted";
  }

  @Override
  public Text title() {
    return new Text("VMs with an ISO in their CD-ROM", "VM avec un fichier ISO dans leur lecteur de CD-ROM");
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
        if (!vm.isoFiles().isEmpty()) {
          out.add(Finding.of(vm.id(), vm.name(), dc.id(), Text.same(String.join(", ", vm.isoFiles()))));
        }
      }
    }
    return out;
  }
}
