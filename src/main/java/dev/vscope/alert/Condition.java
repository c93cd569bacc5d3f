package dev.vscope.alert;

/**
 * What a rule watches: each evaluation reports the targets for which it holds now, and the
 * vCenters about which it cannot tell. The engine ({@link AlertEngine}) turns that into alerts:
 * pending while the rule's duration has not passed, firing, resolved once the condition no longer
 * holds; an alert of a vCenter the condition cannot tell about keeps its state.
 *
 * <p>A metric over a threshold ({@link MetricCondition}), a failing health check ({@link
 * HealthCheckCondition}), a triggered vCenter alarm ({@link AlarmCondition}) and the state of
 * collection ({@link CollectionCondition}) are conditions. A new one is a class that reads its own
 * results (given to its constructor, or in the snapshots) and reports the entities that fail:
 *
 * <pre>{@code
 * public void evaluate(Evaluation e) {
 *   for (VcenterSnapshot s : e.snapshots()) {
 *     for (String entity : failing(s)) {
 *       e.holds(e.target(s, entity), null);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations are called from the engine's one thread and keep no state between calls.
 */
public interface Condition {

  /** Reports, on {@code e}, every target for which the condition holds now. */
  void evaluate(Evaluation e);

  /** The condition in words, for the rules list and notifications: {@code cpu.ready above 10 percent}. */
  String describe();

  /** The metric it compares and the threshold, for a graph of it with the threshold drawn; null for none. */
  default Threshold threshold() {
    return null;
  }

  /** A metric and the value it is compared with. */
  record Threshold(String metric, String unit, double value, boolean above) {}
}
