package dev.vscope.vim;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;

/**
 * One vCenter event as {@code ReadNextEvents} answers it, with the fields vscope shows: what
 * happened ({@code type}, the message as vCenter words it), when, who caused it, and the entities
 * it names. Parsed from any of vCenter's hundreds of event types: the base {@code Event} fields
 * are common to all, and the others are read where the type has them (a migration's source, an
 * alarm's entity and colors).
 *
 * @param type the data object's type ({@code VmPoweredOnEvent}), or an {@code EventEx}'s {@code
 *     eventTypeId} ({@code com.vmware.vc.ha.VmRestartedByHAEvent}), which is how a filter names it too
 * @param key vCenter's number for the event, increasing in the order events are recorded
 * @param chainId the key of the first event of a chain (a task's start and end), its own key otherwise
 * @param userName who caused it; null for vCenter's own doing (an empty {@code userName})
 * @param message {@code fullFormattedMessage}, in vCenter's locale
 * @param entities the entities the event names, by their role in it
 * @param alarm the alarm whose status changed, for an {@code AlarmStatusChangedEvent}; else null
 */
public record VimEvent(String type, long key, long chainId, Instant createdTime, String userName, String message,
    Map<Role, EventArgument> entities, AlarmChange alarm) {

  public VimEvent {
    entities = entities.isEmpty() ? Map.of() : Map.copyOf(entities);
  }

  /** The parts of an event that name an entity, as vSphere calls them. */
  public enum Role {
    DATACENTER("datacenter"),
    COMPUTE_RESOURCE("computeResource"),
    HOST("host"),
    VM("vm"),
    /** {@code ds} of any event, or {@code datastore} of a {@code DatastoreEvent}. */
    DATASTORE("ds"),
    /** Where a migrated or restarted VM ran before. */
    SOURCE_HOST("sourceHost"),
    SOURCE_DATASTORE("sourceDatastore"),
    SOURCE_DATACENTER("sourceDatacenter"),
    /** The entity an alarm's status changed on. */
    ALARM_ENTITY("entity");

    private final String element;

    Role(String element) {
      this.element = element;
    }
  }

  /**
   * An alarm's status change: its name, and the colors before and after, as vSphere spells them
   * ({@code gray}, {@code green}, {@code yellow}, {@code red}).
   */
  public record AlarmChange(String alarm, String from, String to) {}

  /** The entity of a role, or null. */
  public EventArgument entity(Role role) {
    return entities.get(role);
  }

  /** Reads one {@code returnval} of ReadNextEvents (or QueryEvents). */
  static VimEvent of(XmlNode e) {
    String type = e.xsiType();
    if (("EventEx".equals(type) || "ExtendedEvent".equals(type)) && e.childText("eventTypeId") != null) {
      type = e.childText("eventTypeId").trim();
    }
    if (type == null) {
      throw new IllegalArgumentException("an event without xsi:type");
    }
    Map<Role, EventArgument> entities = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      EventArgument a = EventArgument.of(e.child(r.element));
      if (a != null) {
        entities.put(r, a);
      }
    }
    // A DatastoreEvent names its datastore in a field of its own, not in the base event's ds.
    EventArgument datastore = EventArgument.of(e.child("datastore"));
    if (datastore != null && !entities.containsKey(Role.DATASTORE)) {
      entities.put(Role.DATASTORE, datastore);
    }
    AlarmChange alarm = null;
    if (e.child("alarm") != null && e.childText("from") != null && e.childText("to") != null) {
      alarm = new AlarmChange(e.child("alarm").childText("name"), e.childText("from").trim(), e.childText("to").trim());
    }
    String user = e.childText("userName");
    return new VimEvent(type, number(e, "key"), e.childText("chainId") == null ? number(e, "key") : number(e, "chainId"),
        OffsetDateTime.parse(e.childText("createdTime").trim()).toInstant(), user == null || user.isBlank() ? null : user,
        e.childText("fullFormattedMessage"), entities, alarm);
  }

  private static long number(XmlNode e, String child) {
    String text = e.childText(child);
    if (text == null) {
      throw new IllegalArgumentException("an event without " + child);
    }
    return Long.parseLong(text.trim());
  }
}
