package dev.vscope.health;

import java.util.List;

/**
 * One entity that fails a check, in one vCenter's snapshot.
 *
 * @param entity the entity's id ({@code vcenter:moid}): a VM, host, datastore or cluster
 * @param datacenter the id of the datacenter it belongs to, for {@code ?datacenter=}
 * @param detail why it fails, in each language
 * @param others the other entities of the finding, which its detail names only to a viewer who
 *     may see them (the VMs a duplicate value is shared with); empty for most checks
 */
public record Finding(String entity, String name, String datacenter, Text detail, List<Other> others) {

  public Finding {
    others = List.copyOf(others);
  }

  static Finding of(String entity, String name, String datacenter, Text detail) {
    return new Finding(entity, name, datacenter, detail, List.of());
  }

  /** An entity a finding names besides its own. */
  public record Other(String id, String name) {}
}
