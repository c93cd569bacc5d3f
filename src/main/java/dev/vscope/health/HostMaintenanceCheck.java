package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/** Hosts in maintenance mode: they run no VM, and their cluster has that much less capacity. */
final class HostMaintenanceCheck implements HealthCheck {

  @Override
  public String id() {
    return "hostMaintenance";
  }

  @Override
  public Text title() {
    return new Text("Hosts in maintenance mode", "Hôtes en mode maintenance");
  }

  @Override
  public Severity severity() {
    return Severity.WARNING;
  }

  @Override
  public List<Finding> run(HealthInput input) {
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (Inventory.Host h : dc.hosts()) {
        if (h.inMaintenanceMode()) {
          out.add(Finding.of(h.id(), h.name(), dc.id(), new Text("in maintenance mode", "en mode maintenance")));
        }
      }
    }
    return out;
  }
}
