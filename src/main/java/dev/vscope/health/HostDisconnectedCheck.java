package dev.vscope.health;

import dev.vscope.collect.ConnectionState;
import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * Hosts vCenter is not connected to: disconnected (by hand, or lost) or not responding. vCenter
 * can neither manage them nor collect their figures; HA may restart their VMs elsewhere.
 */
final class HostDisconnectedCheck implements HealthCheck {

  @Override
  public String id() {
    return "hostDisconnected";
  }

  @Override
  public Text title() {
    return new Text("Hosts disconnected or not responding", "Hôtes déconnectés ou qui ne répondent pas");
  }

  @Override
  public Severity severity() {
    return Severity.CRITICAL;
  }

  @Override
  public List<Finding> run(HealthInput input) {
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (Inventory.Host h : dc.hosts()) {
        if (h.connectionState() == ConnectionState.DISCONNECTED) {
          out.add(Finding.of(h.id(), h.name(), dc.id(), new Text("disconnected", "déconnecté")));
        } else if (h.connectionState() == ConnectionState.NOT_RESPONDING) {
          out.add(Finding.of(h.id(), h.name(), dc.id(), new Text("not responding", "ne répond pas")));
        }
      }
    }
    return out;
  }
}
