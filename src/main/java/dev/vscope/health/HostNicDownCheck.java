package dev.vscope.health;

import dev.vscope.collect.ConnectionState;
import dev.vscope.collect.Inventory;
import java.util.List;

/**
 * Connected hosts with a physical NIC whose link is down ({@code config.network.pnic}: no {@code
 * linkSpeed}): a lost uplink, or a cable or switch port to look at. A host vCenter is not connected
 * to reports nothing current (the check above flags it).
 */
final class HostNicDownCheck extends PerEntityCheck<Inventory.Host> {

  HostNicDownCheck() {
    super("hostNicDown", new Text("Hosts with a physical NIC down", "Hôtes avec une carte réseau physique sans liaison"), Severity.WARNING, HOSTS);
  }

  @Override
  Text problem(Inventory.Host h, Inventory.Datacenter dc, HealthInput input) {
    if (h.connectionState() != ConnectionState.CONNECTED) {
      return null;
    }
    List<String> down = h.nics().stream().filter(n -> !n.up()).map(Inventory.Nic::device).toList();
    if (down.isEmpty()) {
      return null;
    }
    String nics = String.join(", ", down);
    return new Text("link down: " + nics, "liaison coupée : " + nics);
  }
}
