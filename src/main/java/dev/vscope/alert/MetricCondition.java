package dev.vscope.alert;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.Metric;
import dev.vscope.collect.VcenterSnapshot;
import java.util.List;
import java.util.Map;

/**
 * A metric of one type of entity above (or below) a threshold, compared on the newest value each
 * collection cycle read: the collectors keep it in memory for the dashboard
 * ({@link VcenterSnapshot#latest}), so an evaluation reads no history, and costs one map lookup per
 * entity (a few milliseconds at 40,000 VMs). A vCenter whose last cycle did not succeed, or whose
 * data is the previous run's, is unknown: its values are not current, and its alerts wait.
 */
public final class MetricCondition implements Condition {

  private final Metric metric;
  private final double threshold;
  private final boolean above;

  public MetricCondition(Metric metric, double threshold, boolean above) {
    this.metric = metric;
    this.threshold = threshold;
    this.above = above;
  }

  @Override
  public void evaluate(Evaluation e) {
    for (VcenterSnapshot s : e.snapshots()) {
      if (!e.current(s)) {
        continue;
      }
      Map<String, Map<String, Double>> latest = s.latest();
      for (Inventory.Datacenter dc : s.inventory().datacenters()) {
        switch (metric.kind()) {
          case VM -> dc.vms().forEach(v -> test(e, s, latest, v.id()));
          case HOST -> dc.hosts().forEach(h -> test(e, s, latest, h.id()));
          case DATASTORE -> dc.datastores().forEach(d -> test(e, s, latest, d.id()));
          case CLUSTER -> dc.clusters().forEach(c -> test(e, s, latest, c.id()));
        }
      }
    }
  }

  private void test(Evaluation e, VcenterSnapshot s, Map<String, Map<String, Double>> latest, String id) {
    Map<String, Double> values = latest.get(id);
    Double v = values == null ? null : values.get(metric.name());
    if (v != null && (above ? v > threshold : v < threshold)) {
      e.holds(e.target(s, id), v);
    }
  }

  @Override
  public String describe() {
    return metric.name() + (above ? " above " : " below ") + format(threshold) + " " + metric.unit();
  }

  @Override
  public Threshold threshold() {
    return new Threshold(metric.name(), metric.unit(), threshold, above);
  }

  /** A threshold without a useless ".0". */
  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** The metrics a rule may watch for a type: those with one value per entity (not one per datastore of a host). */
  static List<Metric> watchable(Metric.Kind kind) {
    return Metric.of(kind).stream().filter(m -> m.instances() != Metric.Instances.PER_DATASTORE).toList();
  }
}
