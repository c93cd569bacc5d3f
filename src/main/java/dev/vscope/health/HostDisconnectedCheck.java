package dev.vscope.health;

import dev.vscope.collect.Inventory;

/**
 * Hosts vCenter is not connected to: disconnected (by hand, or lost) or not responding. vCenter
 * can neither manage them nor collect their figures; HA may restart their VMs elsewhere.
 */
final class HostDisconnectedCheck extends PerEntityCheck<Inventory.Host> {

  private static final Text DISCONNECTED = new Text("disconnected", "déconnecté");
  private static final Text NOT_RESPONDING = new Text("not responding", "ne répond pas");

  HostDisconnectedCheck() {
    super("hostDisconnected", new Text("Hosts disconnected or not responding", "Hôtes déconnectés ou qui ne répondent pas"), Severity.CRITICAL,
        HOSTS);
  }

  @Override
  Text problem(Inventory.Host h, Inventory.Datacenter dc, HealthInput input) {
    return switch (h.connectionState()) {
      case DISCONNECTED -> DISCONNECTED;
      case NOT_RESPONDING -> NOT_RESPONDING;
      default -> null;
    };
  }
}
