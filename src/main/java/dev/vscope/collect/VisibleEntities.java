package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.PropertySpec;
import dev.vscope.vim.VimClient;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one vCenter login may see: vCenter itself filters container views and property reads by
 * the session's permissions (an object appears only where the user holds System.View or
 * System.Read), so reading the entities through the user's own session gives exactly their set.
 * Only names are read, which keeps this cheap even for tens of thousands of VMs.
 */
public final class VisibleEntities {

  private static final List<String> TYPES = List.of("Datacenter", "ClusterComputeResource", "HostSystem", "VirtualMachine", "Datastore", "ResourcePool");

  private VisibleEntities() {}

  /** Entity ids ({@code vcenter:moid}) that the client's user can see. */
  public static Set<String> read(VimClient vc, int pageSize) {
    String vcenter = vc.endpoint().name();
    Set<String> ids = new HashSet<>();
    ManagedObjectReference root = vc.serviceContent().rootFolder();
    InventoryReader.withView(vc, root, TYPES, view -> {
      Map<String, List<String>> paths = new java.util.LinkedHashMap<>();
      TYPES.forEach(t -> paths.put(t, List.of("name")));
      vc.propertyCollector().retrieve(PropertySpec.ofView(view, paths), pageSize, oc -> ids.add(InventoryBuilder.id(vcenter, oc.obj())));
    });
    return ids;
  }
}
