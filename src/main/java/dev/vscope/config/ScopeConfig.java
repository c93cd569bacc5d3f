package dev.vscope.config;

import java.util.List;

/**
 * Where an alert rule applies: the entities inside every dimension given (a VM of one of these
 * clusters and whose name matches one of these patterns), and none of those that {@code exclude}
 * names. A dimension left out does not restrict. Names are matched case-sensitively, as vSphere
 * shows them, and may hold the wildcards {@code *} and {@code ?}; vCenters are named by their
 * {@code vcenters[].name}.
 *
 * <p>Each dimension applies to what lies in it: a VM is in a cluster when its host is, a
 * datastore is in a cluster or on a host when a host of it mounts the datastore, a VM is on a
 * datastore when one of its disks is. A dimension that cannot hold the rule's entities (VM names
 * for a host rule) is refused by the loader.
 *
 * @param exclude entities left out even when the other dimensions take them; it has no exclude of its own
 */
public record ScopeConfig(
    List<String> vcenters,
    List<String> datacenters,
    List<String> clusters,
    List<String> hosts,
    List<String> datastores,
    List<String> vms,
    ScopeConfig exclude) {

  public ScopeConfig {
    vcenters = copy(vcenters);
    datacenters = copy(datacenters);
    clusters = copy(clusters);
    hosts = copy(hosts);
    datastores = copy(datastores);
    vms = copy(vms);
  }

  /** Everything. */
  public static ScopeConfig everything() {
    return new ScopeConfig(null, null, null, null, null, null, null);
  }

  private static List<String> copy(List<String> names) {
    return names == null ? List.of() : List.copyOf(names);
  }
}
