package dev.vscope.health;

import dev.vscope.collect.ConnectionState;
import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * Connected hosts with a physical NIC whose link is down ({@code config.network.pnic}: no {@code
 * linkSpeed}): a lost uplink, or a cable or switch port to look at. A host vCenter is not connected
 * to reports nothing current (the check above flags it).
 */
final class HostNicDownCheck implements HealthCheck {

  @Override
  public String id() {
    return "hostNicDown";
  }

  @Override
  public Text title() {
    return new Text("Hosts with a physical NIC down", "Hôtes avec une carte réseau physique sans liaison");
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
        if (h.connectionState() != ConnectionState.CONNECTED) {
          continue;
        }
        List<String> down = h.nics().stream().filter(n -> !n.up()).map(Inventory.Nic::device).toList();
        if (!down.isEmpty()) {
          String nics = String.join(", ", down);
          out.add(Finding.of(h.id(), h.name(), dc.id(), new Text("link down: " + nics, "liaison coupée : " + nics)));
        }
      }
    }
    return out;
  }
}
