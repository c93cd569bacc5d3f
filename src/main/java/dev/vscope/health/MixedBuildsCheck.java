package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Clusters whose hosts run different ESXi builds ({@code summary.config.product.build}, which
 * vCenter keeps while a host is disconnected): an upgrade left half done, so vMotion, HA and DRS
 * work across hosts that differ. The finding is the cluster, shown to whoever may see the cluster
 * with the builds of all its hosts, as the cluster's other figures are (the builds, not which host
 * runs which: a host hidden from the viewer is never named).
 */
final class MixedBuildsCheck implements HealthCheck {

  @Override
  public String id() {
    return "mixedBuilds";
  }

  @Override
  public Text title() {
    return new Text("Clusters with different ESXi builds", "Clusters avec des builds ESXi différents");
  }

  @Override
  public Severity severity() {
    return Severity.WARNING;
  }

  @Override
  public List<Finding> run(HealthInput input) {
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      Map<String, String> builds = new HashMap<>();
      for (Inventory.Host h : dc.hosts()) {
        if (h.build() != null) {
          builds.put(h.id(), h.build());
        }
      }
      for (Inventory.Cluster c : dc.clusters()) {
        // builds are numbers: the older (shorter, then smaller) first
        TreeSet<String> distinct = new TreeSet<>(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        for (String host : c.hosts()) {
          if (builds.containsKey(host)) {
            distinct.add(builds.get(host));
          }
        }
        if (distinct.size() > 1) {
          String list = String.join(", ", distinct);
          out.add(Finding.of(c.id(), c.name(), dc.id(), new Text("ESXi builds " + list, "builds ESXi " + list)));
        }
      }
    }
    return out;
  }
}
