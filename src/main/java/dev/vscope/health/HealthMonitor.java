package dev.vscope.health;

import dev.vscope.LogText;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.Metric;
import dev.vscope.collect.PowerState;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Ranked;
import dev.vscope.store.StoreException;
import dev.vscope.store.TimeRange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health checks over each vCenter's snapshot, once per snapshot: after each collection
 * cycle ({@link #cycled}), or at the first request that finds a snapshot not checked yet (the
 * previous run's, at start). A request only filters the kept findings for its viewer, so the cost
 * of the checks does not grow with the number of users or requests.
 *
 * <p>The costly input is CPU ready: each VM's mean over the last hour, read from the history for
 * all VMs of the vCenter at once ({@link HistoryStore#top}, as Top-N does: tens of milliseconds at
 * 40,000 VMs). The others are the inventory and the latest values already in memory. A history
 * that cannot be read keeps the previous means (logged once per snapshot), as the datastores'
 * outlooks do.
 *
 * <p>Thread-safe: findings are computed under a lock, one snapshot at a time, and read without one.
 */
public final class HealthMonitor {

  private static final Logger logger = LoggerFactory.getLogger(HealthMonitor.class);

  private final List<HealthCheck> checks;
  private final HistoryStore store;
  private final Clock clock;
  /** vCenter name → the findings of its latest snapshot checked. */
  private final Map<String, Checked> byVcenter = new ConcurrentHashMap<>();

  public HealthMonitor(List<HealthCheck> checks, HistoryStore store, Clock clock) {
    this.checks = List.copyOf(checks);
    this.store = store;
    this.clock = clock;
  }

  /** The findings of one snapshot: per check, in the order of the checks. */
  private record Checked(Inventory inventory, Map<String, Map<String, Double>> latest, Map<String, Double> cpuReady,
      List<List<Finding>> findings) {

    /** Whether these are the findings of that snapshot: a failed cycle's keeps the inventory and values of the last success. */
    boolean isOf(VcenterSnapshot s) {
      return inventory == s.inventory() && latest == s.latest();
    }
  }

  /** Checks a new snapshot now, so that requests find its findings ready. Never throws. */
  public void cycled(VcenterSnapshot snapshot) {
    try {
      checked(snapshot);
    } catch (RuntimeException e) {
      logger.error("{}: health checks failed", snapshot.status().name(), e);
    }
  }

  /**
   * The checks as a viewer may see them over these snapshots (issue 13).
   *
   * @param datacenter only this datacenter's findings; null for all
   * @param canSee what the viewer may see
   * @param language "en" or "fr"
   */
  public List<HealthReport.Check> report(List<VcenterSnapshot> snapshots, String datacenter, Predicate<String> canSee, String language) {
    List<List<Finding>> all = new ArrayList<>(checks.size());
    checks.forEach(c -> all.add(new ArrayList<>()));
    for (VcenterSnapshot s : snapshots) {
      List<List<Finding>> f = checked(s).findings();
      for (int i = 0; i < checks.size(); i++) {
        all.get(i).addAll(f.get(i));
      }
    }
    return HealthReport.of(checks, all, datacenter, canSee, language);
  }

  private Checked checked(VcenterSnapshot s) {
    String vcenter = s.status().name();
    Checked kept = byVcenter.get(vcenter);
    if (kept != null && kept.isOf(s)) {
      return kept;
    }
    synchronized (this) {
      kept = byVcenter.get(vcenter);
      if (kept != null && kept.isOf(s)) {
        return kept;
      }
      Checked fresh = check(s, kept);
      byVcenter.put(vcenter, fresh);
      return fresh;
    }
  }

  private Checked check(VcenterSnapshot s, Checked previous) {
    Instant now = clock.instant();
    Map<String, Double> cpuReady = cpuReady(s, now, previous);
    HealthInput input = new HealthInput(s, cpuReady, now);
    List<List<Finding>> findings = new ArrayList<>(checks.size());
    for (HealthCheck check : checks) {
      try {
        findings.add(List.copyOf(check.run(input)));
      } catch (RuntimeException e) {
        // a bug in one check must not take the others with it
        logger.error("{}: health check {} failed", s.status().name(), check.id(), e);
        findings.add(List.of());
      }
    }
    return new Checked(s.inventory(), s.latest(), cpuReady, findings);
  }

  /**
   * Each running VM's mean CPU ready over the last hour, read for all of them at once. VMs that are
   * not running are left out: ESXi has no figures of theirs to give, and each VM asked for is a
   * query where the store has no ranking of its own (the Prometheus-compatible engine's).
   */
  private Map<String, Double> cpuReady(VcenterSnapshot s, Instant now, Checked previous) {
    List<String> vms = new ArrayList<>();
    if (s.inventory() != null) {
      s.inventory().datacenters().forEach(dc -> dc.vms().forEach(vm -> {
        if (vm.powerState() == PowerState.POWERED_ON) {
          vms.add(vm.id());
        }
      }));
    }
    if (vms.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, Double> means = new HashMap<>();
      for (Ranked r : store.top(Metric.CPU_READY, vms, TimeRange.HOUR, now, vms.size())) {
        means.put(r.entityId(), r.value());
      }
      return means;
    } catch (StoreException e) {
      logger.warn("{}: health checks: CPU ready cannot be read from the history ({}), the previous figures are used",
          s.status().name(), LogText.of(e.getMessage()));
      return previous == null ? Map.of() : previous.cpuReady();
    }
  }
}
