package dev.vscope.health;

import dev.vscope.collect.Inventory;

/** Hosts in maintenance mode: they run no VM, and their cluster has that much less capacity. */
final class HostMaintenanceCheck extends PerEntityCheck<Inventory.Host> {

  private static final Text IN_MAINTENANCE = new Text("in maintenance mode", "en mode maintenance");

  HostMaintenanceCheck() {
    super("hostMaintenance", new Text("Hosts in maintenance mode", "Hôtes en mode maintenance"), Severity.WARNING, HOSTS);
  }

  @Override
  Text problem(Inventory.Host h, Inventory.Datacenter dc, HealthInput input) {
    return h.inMaintenanceMode() ? IN_MAINTENANCE : null;
  }
}
