package dev.vscope.health;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import dev.vscope.collect.ToolsRunningStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Powered-on VMs whose VMware Tools do not run, or are outdated ({@code guest.toolsVersionStatus2}:
 * an upgrade available, too old, an old supported version, or blocked for a known problem). A VM
 * that is not running has no Tools to run; one whose status vCenter does not report is left out.
 */
final class VmToolsCheck extends PerEntityCheck<Inventory.Vm> {

  /** Outdated versions, by vSphere's names, with the words the VMs page uses for them. */
  private static final Map<String, Text> OUTDATED = Map.of(
      "guestToolsNeedUpgrade", new Text("upgrade available", "mise à niveau disponible"),
      "guestToolsTooOld", new Text("too old", "trop anciens"),
      "guestToolsSupportedOld", new Text("supported, a newer version exists", "pris en charge, une version plus récente existe"),
      "guestToolsBlacklisted", new Text("blocked (known problem)", "bloqués (problème connu)"));
  private static final Text NOT_RUNNING = new Text("not running", "non exécutés");
  private static final Text NOT_INSTALLED = new Text("not installed", "non installés");

  VmToolsCheck() {
    super("vmTools", new Text("VMware Tools not running or outdated", "VMware Tools non exécutés ou obsolètes"), Severity.WARNING, VMS);
  }

  @Override
  Text problem(Inventory.Vm vm, Inventory.Datacenter dc, HealthInput input) {
    if (vm.powerState() != PowerState.POWERED_ON) {
      return null;
    }
    List<Text> why = new ArrayList<>();
    if (vm.toolsRunningStatus() == ToolsRunningStatus.NOT_RUNNING) {
      why.add("guestToolsNotInstalled".equals(vm.toolsVersionStatus()) ? NOT_INSTALLED : NOT_RUNNING);
    }
    Text outdated = vm.toolsVersionStatus() == null ? null : OUTDATED.get(vm.toolsVersionStatus().trim());
    if (outdated != null) {
      why.add(outdated);
    }
    return why.isEmpty() ? null : Text.join(why);
  }
}
