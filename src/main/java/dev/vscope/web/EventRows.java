package dev.vscope.web;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.events.Event;
import dev.vscope.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as a viewer may see them (issue 13). An event shows only to a viewer who may see what it
 * is about: a VM's power-on to those who see the VM, an alarm to those who see the entity it rang
 * on. The other entities it names (the host the VM ran on, a migration's source and destination)
 * may be hidden from that viewer: their names are then cut out of vCenter's message, replaced by
 * {@link #HIDDEN}, so that a VM migrating from a host the viewer cannot see to one they can shows
 * the migration without naming the first host. The event's datacenter is never hidden from a
 * viewer who sees its subject: its name is on the path to it.
 *
 * <p>An entity is named as the inventory names it now, or, once gone, as the event did.
 */
final class EventRows {

  /** What stands for a hidden entity's name in a message, in any language. */
  static final String HIDDEN = "[…]";

  private final SnapshotSource snapshots;

  EventRows(SnapshotSource snapshots) {
    this.snapshots = snapshots;
  }

  /**
   * One row of {@code GET /api/v1/events}.
   *
   * @param entityType {@code vm}, {@code host}, {@code datastore}, {@code cluster}, {@code datacenter} or {@code other}
   */
  record Row(long key, String vcenter, Instant time, EventType type, String vsphereType, String entity, String entityName, String entityType,
      String user, String message, String datacenter) {}

  /** Whether the viewer may see the event at all. */
  static boolean visible(Viewer viewer, Event e) {
    return viewer.canSee(e.entity().id());
  }

  /** The rows of events the viewer may see, in the order given. */
  List<Row> rows(Viewer viewer, List<Event> events) {
    Map<String, String> names = events.isEmpty() ? Map.of() : currentNames();
    List<Row> out = new ArrayList<>(events.size());
    for (Event e : events) {
      String name = names.getOrDefault(e.entity().id(), e.entity().name());
      out.add(new Row(e.key(), e.vcenter(), e.time(), e.type(), e.vsphereType(), e.entity().id(), name, e.entity().kind(), e.user(),
          message(viewer, e), e.datacenter() == null ? null : e.datacenter().id()));
    }
    return out;
  }

  /** vCenter's message without the names of the entities hidden from the viewer. */
  static String message(Viewer viewer, Event e) {
    List<String> hidden = new ArrayList<>();
    for (Event.Ref r : e.related()) {
      if (!viewer.canSee(r.id()) && r.name() != null && !r.name().isEmpty()) {
        hidden.add(r.name());
      }
    }
    if (hidden.isEmpty()) {
      return e.message();
    }
    // the longest first: a name that holds a shorter hidden one is cut out whole
    hidden.sort(Comparator.comparingInt(String::length).reversed());
    String message = e.message();
    for (String name : hidden) {
      message = message.replace(name, HIDDEN);
    }
    return message;
  }

  /** Every entity's current name, id → name. */
  private Map<String, String> currentNames() {
    Map<String, String> names = new HashMap<>();
    for (VcenterSnapshot s : snapshots.snapshots()) {
      if (s.inventory() == null) {
        continue;
      }
      for (Inventory.Datacenter dc : s.inventory().datacenters()) {
        names.put(dc.id(), dc.name());
        dc.hosts().forEach(h -> names.put(h.id(), h.name()));
        dc.vms().forEach(v -> names.put(v.id(), v.name()));
        dc.datastores().forEach(d -> names.put(d.id(), d.name()));
        dc.clusters().forEach(c -> names.put(c.id(), c.name()));
      }
    }
    return names;
  }
}
