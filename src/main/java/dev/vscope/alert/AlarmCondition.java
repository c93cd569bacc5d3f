package dev.vscope.alert;

import dev.vscope.collect.AlarmStatus;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.VcenterSnapshot;
import java.util.regex.Pattern;

/**
 * A vCenter alarm triggered on an entity (issue 13): the alarms the inventory follows, whose name
 * matches the rule's pattern, red ones only for a critical rule, yellow and red for a warning one.
 * An alarm on a datacenter has no target here (rules watch hosts, VMs, datastores and clusters).
 * As for metrics, a vCenter whose last cycle did not succeed, or whose data is the previous
 * run's, is unknown: its alerts wait.
 */
public final class AlarmCondition implements Condition {

  private final String pattern;
  private final Pattern name;
  private final boolean redOnly;

  /** @param pattern the alarm's name, with {@code *} and {@code ?} */
  public AlarmCondition(String pattern, boolean redOnly) {
    this.pattern = pattern;
    this.name = Scope.glob(pattern);
    this.redOnly = redOnly;
  }

  @Override
  public void evaluate(Evaluation e) {
    for (VcenterSnapshot s : e.snapshots()) {
      if (!e.current(s)) {
        continue;
      }
      for (Inventory.Datacenter dc : s.inventory().datacenters()) {
        for (Inventory.TriggeredAlarm a : dc.alarms()) {
          if ((!redOnly || a.status() == AlarmStatus.RED) && a.alarmName() != null && name.matcher(a.alarmName()).matches()) {
            e.holds(e.target(s, a.entity()), null);
          }
        }
      }
    }
  }

  @Override
  public String describe() {
    return "vCenter alarm " + pattern + (redOnly ? " red" : " yellow or red");
  }
}
