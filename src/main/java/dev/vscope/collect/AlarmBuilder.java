package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.XmlNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The alarms triggered in one datacenter (issue 13), from the {@code triggeredAlarmState} of its
 * objects and of the datacenter itself. vCenter propagates an alarm's state up the inventory (a
 * VM's alarm is in its folder's and its datacenter's list too), each state naming the entity it is
 * about: every state is taken once, by its key, and shown on that entity. States about objects
 * vscope does not list (folders, networks, resource pools, templates) are left out, as are green
 * and gray ones (back to normal, not yet cleared).
 */
final class AlarmBuilder {

  private static final Set<String> STATE_FIELDS =
      Set.of("key", "entity", "alarm", "overallStatus", "time", "acknowledged", "acknowledgedByUser", "acknowledgedTime");

  private AlarmBuilder() {}

  /** Of a {@code triggeredAlarmState} value, what {@link #alarms} reads: the red and yellow states, their fields shown. */
  static XmlNode keptStates(XmlNode states) {
    List<XmlNode> kept = new ArrayList<>();
    for (XmlNode s : states.children()) {
      if (AlarmStatus.of(s.childText("overallStatus")) != null) {
        kept.add(new XmlNode(s.name(), s.xsiType(), s.attributes(), "", s.children().stream().filter(c -> STATE_FIELDS.contains(c.name())).toList()));
      }
    }
    return new XmlNode(states.name(), states.xsiType(), states.attributes(), states.text(), kept);
  }

  /** An entity vscope lists, as an alarm names it. */
  record Entity(Inventory.EntityType type, String name) {}

  /**
   * @param states the {@code triggeredAlarmState} values read (of the datacenter and its objects)
   * @param entities the entities listed, by reference
   * @param named the properties read of each alarm ({@code info.name})
   */
  static List<Inventory.TriggeredAlarm> alarms(String vcenter, List<XmlNode> states, Map<ManagedObjectReference, Entity> entities,
      Function<ManagedObjectReference, Map<String, XmlNode>> named) {
    Map<String, Inventory.TriggeredAlarm> byKey = new LinkedHashMap<>();
    for (XmlNode list : states) {
      for (XmlNode s : list.children()) {
        ManagedObjectReference on = Props.ref(s, "entity");
        ManagedObjectReference alarm = Props.ref(s, "alarm");
        AlarmStatus status = AlarmStatus.of(s.childText("overallStatus"));
        Entity entity = on == null ? null : entities.get(on);
        if (entity == null || alarm == null || status == null) {
          continue;
        }
        String key = s.childText("key") == null ? alarm.value() + "." + on.value() : s.childText("key");
        XmlNode name = named.apply(alarm).get("info.name");
        String ackBy = s.childText("acknowledgedByUser");
        byKey.putIfAbsent(key, new Inventory.TriggeredAlarm(key, InventoryBuilder.id(vcenter, on), entity.type(), entity.name(),
            InventoryBuilder.id(vcenter, alarm), name == null || name.text().isBlank() ? alarm.value() : name.text(), status,
            Props.time(s, "time"), "true".equals(s.childText("acknowledged")), ackBy == null || ackBy.isBlank() ? null : ackBy,
            Props.time(s, "acknowledgedTime")));
      }
    }
    List<Inventory.TriggeredAlarm> out = new ArrayList<>(byKey.values());
    out.sort(Comparator.comparing(Inventory.TriggeredAlarm::time, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Inventory.TriggeredAlarm::key));
    return out;
  }

  /** The red and yellow alarms that {@code triggeredAlarmState} values name, whose names are to be read. */
  static Set<ManagedObjectReference> alarmsNamed(Iterable<XmlNode> states) {
    Set<ManagedObjectReference> out = new HashSet<>();
    for (XmlNode list : states) {
      for (XmlNode s : list.children()) {
        ManagedObjectReference alarm = Props.ref(s, "alarm");
        if (alarm != null && AlarmStatus.of(s.childText("overallStatus")) != null) {
          out.add(alarm);
        }
      }
    }
    return out;
  }
}
