package dev.vscope.health;

import dev.vscope.collect.Inventory;

/**
 * VMs whose CPU ready per vCPU, averaged over the last hour, is above the threshold (default 5 %):
 * their vCPUs wait that share of the time for a physical CPU. The mean is that of the {@code
 * cpu.ready} points {@code series} returns for the hour, the same figure Top-N ranks by; it is read
 * from the history once per collection cycle for all VMs ({@link HealthMonitor}).
 */
final class CpuReadyCheck extends PerEntityCheck<Inventory.Vm> {

  private final double thresholdPercent;

  CpuReadyCheck(double thresholdPercent) {
    super("cpuReady", new Text("CPU ready above " + Text.threshold(thresholdPercent).en() + "% per vCPU over the last hour",
        "CPU ready au-dessus de " + Text.threshold(thresholdPercent).fr() + "\u202f% par vCPU sur la dernière heure"), Severity.WARNING, VMS);
    this.thresholdPercent = thresholdPercent;
  }

  @Override
  Text problem(Inventory.Vm vm, Inventory.Datacenter dc, HealthInput input) {
    Double mean = input.cpuReadyPercent().get(vm.id());
    if (mean == null || mean <= thresholdPercent) {
      return null;
    }
    Text pct = Text.decimal1(mean);
    return new Text(pct.en() + "% per vCPU (mean of the last hour)", pct.fr() + "\u202f% par vCPU (moyenne de la dernière heure)");
  }
}
