package dev.vscope.health;

import dev.vscope.collect.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A check that judges each entity of one kind on its own (each VM, host, datastore or cluster):
 * what it is called, and the walk over the datacenters, written once; a check says only why an
 * entity fails.
 */
abstract class PerEntityCheck<E extends Inventory.Named> implements HealthCheck {

  static final Function<Inventory.Datacenter, List<Inventory.Vm>> VMS = Inventory.Datacenter::vms;
  static final Function<Inventory.Datacenter, List<Inventory.Host>> HOSTS = Inventory.Datacenter::hosts;
  static final Function<Inventory.Datacenter, List<Inventory.Datastore>> DATASTORES = Inventory.Datacenter::datastores;
  static final Function<Inventory.Datacenter, List<Inventory.Cluster>> CLUSTERS = Inventory.Datacenter::clusters;

  private final String id;
  private final Text title;
  private final Severity severity;
  private final Function<Inventory.Datacenter, List<E>> entities;

  PerEntityCheck(String id, Text title, Severity severity, Function<Inventory.Datacenter, List<E>> entities) {
    this.id = id;
    this.title = title;
    this.severity = severity;
    this.entities = entities;
  }

  /** Why the entity fails the check, in each language; null when it passes. */
  abstract Text problem(E entity, Inventory.Datacenter dc, HealthInput input);

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Text title() {
    return title;
  }

  @Override
  public final Severity severity() {
    return severity;
  }

  @Override
  public final List<Finding> run(HealthInput input) {
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (E e : entities.apply(dc)) {
        Text why = problem(e, dc, input);
        if (why != null) {
          out.add(Finding.of(e.id(), e.name(), dc.id(), why));
        }
      }
    }
    return out;
  }
}
