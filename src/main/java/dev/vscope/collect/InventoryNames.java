package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.PropertySpec;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.XmlNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of a vCenter's datacenters, clusters, hosts, datastores and VMs, read in one pass of
 * the property collector, names only: what {@code check-config} compares alert rules' scopes with
 * (a scope that names nothing watches nothing).
 */
public final class InventoryNames {

  /** The kinds by the names of {@code alerts.rules[].scope}. */
  public static final Map<String, String> TYPES = Map.of("datacenters", "Datacenter", "clusters", "ClusterComputeResource", "hosts",
      "HostSystem", "datastores", "Datastore", "vms", "VirtualMachine");

  private InventoryNames() {}

  /** Scope dimension ({@code clusters}) → the names of that kind in this vCenter. */
  public static Map<String, Set<String>> read(VimClient vc, int pageSize) {
    Map<String, String> dimensionOf = new HashMap<>();
    TYPES.forEach((dimension, type) -> dimensionOf.put(type, dimension));
    Map<String, Set<String>> names = new HashMap<>();
    TYPES.keySet().forEach(d -> names.put(d, new HashSet<>()));
    ManagedObjectReference root = vc.serviceContent().rootFolder();
    List<String> types = List.copyOf(TYPES.values());
    InventoryReader.withView(vc, root, types, view -> {
      Map<String, List<String>> paths = new LinkedHashMap<>();
      types.forEach(t -> paths.put(t, List.of("name")));
      vc.propertyCollector().retrieve(PropertySpec.ofView(view, paths), pageSize, oc -> {
        XmlNode name = oc.props().get("name");
        String dimension = dimensionOf.get(oc.obj().type());
        if (name != null && dimension != null && name.text() != null) {
          names.get(dimension).add(name.text());
        }
      });
    });
    return names;
  }
}
