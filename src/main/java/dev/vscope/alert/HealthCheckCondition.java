package dev.vscope.alert;

import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.health.HealthMonitor;
import dev.vscope.health.HealthReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A health check of the Health page (issue 13) failing for an entity: the findings the health
 * monitor keeps for each vCenter's snapshot (it runs the checks once per cycle), read through its
 * report as a viewer who sees everything. As for metrics, a vCenter whose last cycle did not
 * succeed, or whose data is the previous run's, is unknown: its alerts wait.
 */
public final class HealthCheckCondition implements Condition {

  private final HealthMonitor monitor;
  private final String check;
  private final String title;

  /** @param title the check's title, for the rules list and notifications */
  public HealthCheckCondition(HealthMonitor monitor, String check, String title) {
    this.monitor = monitor;
    this.check = check;
    this.title = title;
  }

  @Override
  public void evaluate(Evaluation e) {
    Map<String, VcenterSnapshot> current = new HashMap<>();
    for (VcenterSnapshot s : e.snapshots()) {
      if (e.current(s)) {
        current.put(s.status().name(), s);
      }
    }
    List<HealthReport.Check> report = monitor.report(List.copyOf(current.values()), null, id -> true, "en");
    for (HealthReport.Check c : report) {
      if (c.check().equals(check)) {
        for (HealthReport.Entity entity : c.entities()) {
          VcenterSnapshot s = current.get(entity.id().substring(0, Math.max(0, entity.id().indexOf(':'))));
          if (s != null) {
            e.holds(e.target(s, entity.id()), null);
          }
        }
      }
    }
  }

  @Override
  public String describe() {
    return "health check " + check + ": " + title;
  }
}
