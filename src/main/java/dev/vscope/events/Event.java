package dev.vscope.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One event as vscope keeps it: what vCenter said (its key, time, user and message) and the
 * entities it names, as vscope ids ({@code vcenter:moid}) with the names they had then. This is
 * the line written to the journal and what the API's rows are made from.
 *
 * @param key vCenter's key, unique and increasing within one vCenter only
 * @param vsphereType the vSphere type ({@code DrsVmMigratedEvent}), more precise than {@code type}
 * @param user who caused it; null for vCenter's own doing
 * @param message the message as vCenter words it
 * @param entity what the event is about (a migration's VM, an alarm's entity)
 * @param datacenter where it happened; null when vCenter names none
 * @param related the other entities it names: the host a VM ran on, a migration's source, the
 *     cluster; an entity's timeline shows the events it is the subject of or related to
 */
public record Event(String vcenter, long key, Instant time, EventType type, String vsphereType, String user, String message, Ref entity,
    Ref datacenter, List<Ref> related) {

  public Event {
    Objects.requireNonNull(vcenter, "vcenter");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(entity, "entity");
    related = related == null ? List.of() : List.copyOf(related);
  }

  /**
   * An entity an event names.
   *
   * @param role how the event names it: {@code host}, {@code sourceHost}, {@code datastore}, ...
   * @param id vscope's id of it ({@code vcenter:moid})
   * @param name its name when the event happened
   * @param kind what it is: {@code vm}, {@code host}, {@code datastore}, {@code cluster}, {@code
   *     datacenter}, or {@code other}
   */
  public record Ref(String role, String id, String name, String kind) {}

  /** Whether the event is about this entity, or names it otherwise (a VM's host, a migration's source). */
  public boolean involves(String entityId) {
    if (entity.id().equals(entityId)) {
      return true;
    }
    for (Ref r : related) {
      if (r.id().equals(entityId)) {
        return true;
      }
    }
    return false;
  }

  /** Every entity named: the subject, the datacenter and the related ones. */
  public List<Ref> named() {
    List<Ref> all = new ArrayList<>(related.size() + 2);
    all.add(entity);
    if (datacenter != null) {
      all.add(datacenter);
    }
    all.addAll(related);
    return all;
  }
}
