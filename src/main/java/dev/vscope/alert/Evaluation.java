package dev.vscope.alert;

import dev.vscope.collect.CollectionState;
import dev.vscope.collect.VcenterSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule's evaluation: what a {@link Condition} reads (the time, the collectors' snapshots of
 * this pass, the targets of their entities) and where it reports what holds. The snapshots are
 * read once per pass, so that every rule of a pass sees the same state.
 */
public final class Evaluation {

  /** What every rule of one pass shares. */
  static final class Pass {
    final Instant now;
    final List<VcenterSnapshot> snapshots;
    private final Map<String, Targets> indexes;

    /** @param indexes the engine's last index of each vCenter, reused while its inventory is the same */
    Pass(Instant now, List<VcenterSnapshot> snapshots, Map<String, Targets> indexes) {
      this.now = now;
      this.snapshots = snapshots;
      this.indexes = indexes;
    }

    Targets targets(VcenterSnapshot s) {
      String vcenter = s.inventory().vcenter();
      Targets t = indexes.get(vcenter);
      if (t == null || !t.indexes(s.inventory())) {
        t = Targets.of(s.inventory());
        indexes.put(vcenter, t);
      }
      return t;
    }
  }

  /** A target the condition holds for, with the value it was found with (null when none). */
  record Finding(Target target, Double value) {}

  private final Pass pass;
  private final Map<String, Finding> holding = new LinkedHashMap<>();
  private final Set<String> unknown = new HashSet<>();
  private boolean unknownEverywhere;

  Evaluation(Pass pass) {
    this.pass = pass;
  }

  public Instant now() {
    return pass.now;
  }

  /** The collectors' snapshots, one per configured vCenter. */
  public List<VcenterSnapshot> snapshots() {
    return pass.snapshots;
  }

  /** The target of an entity of a snapshot with an inventory; null when the inventory has no such entity. */
  public Target target(VcenterSnapshot s, String entityId) {
    return s.inventory() == null ? null : pass.targets(s).target(entityId);
  }

  /** The condition holds for this target now; {@code value} is what it was found with, null when it has none. */
  public void holds(Target target, Double value) {
    if (target != null) {
      holding.put(target.id(), new Finding(target, value));
    }
  }

  /**
   * The condition cannot tell about this vCenter's targets now (no current data): their alerts
   * keep their state, neither firing anew nor resolving.
   */
  public void unknown(String vcenter) {
    unknown.add(vcenter);
  }

  /**
   * Whether this vCenter's snapshot is current (collected by this run, its last cycle ok); if it is
   * not, its targets are {@link #unknown}.
   */
  public boolean current(VcenterSnapshot s) {
    if (s.inventory() == null || s.status().state() != CollectionState.OK || s.status().fromPreviousRun()) {
      unknown(s.status().name());
      return false;
    }
    return true;
  }

  /** The condition cannot tell about anything now: every alert of the rule keeps its state. */
  public void unknownEverywhere() {
    unknownEverywhere = true;
  }

  Map<String, Finding> holding() {
    return holding;
  }

  /** Whether the condition could not tell about a target of this vCenter (null: the store). */
  boolean isUnknown(String vcenter) {
    return unknownEverywhere || vcenter != null && unknown.contains(vcenter);
  }

  /** For tests: the entity ids found. */
  Map<String, Double> values() {
    Map<String, Double> out = new HashMap<>();
    holding.forEach((id, f) -> out.put(id, f.value()));
    return out;
  }
}
