package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * VMs whose CPU ready per vCPU, averaged over the last hour, is above the threshold (default 5 %):
 * their vCPUs wait that share of the time for a physical CPU. The mean is that of the {@code
 * cpu.ready} points {@code series} returns for the hour, the same figure Top-N ranks by; it is read
 * from the history once per collection cycle for all VMs ({@link HealthMonitor}).
 */
final class CpuReadyCheck implements HealthCheck {

  private final double thresholdPercent;

  CpuReadyCheck(double thresholdPercent) {
    this.thresholdPercent = thresholdPercent;
  }

  @Override
  public String id() {
    return "cpuReady";
  }

  @Override
  public Text title() {
    Text t = Percent.threshold(thresholdPercent);
    return new Text("CPU ready above " + t.en() + "% per vCPU over the last hour",
        "CPU ready au-dessus de " + t.fr() + "\u202f% par vCPU sur la dernière heure");
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
        Double mean = input.cpuReadyPercent().get(vm.id());
        if (mean != null && mean > thresholdPercent) {
          Text pct = Text.decimal1(mean);
          out.add(Finding.of(vm.id(), vm.name(), dc.id(),
              new Text(pct.en() + "% per vCPU (mean of the last hour)", pct.fr() + "\u202f% par vCPU (moyenne de la dernière heure)")));
        }
      }
    }
    return out;
  }
}
