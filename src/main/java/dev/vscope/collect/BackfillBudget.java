package dev.vscope.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * How many entities one vCenter's cycle backfills at most. The hour of the first cycle at 40,000
 * VMs is 77 million samples, two minutes of work; spread over a few cycles, each stays inside the
 * interval. The entities left out wait for a next cycle: nothing of theirs is stored meanwhile, so
 * their backfill still starts where their history ends, within the hour vCenter keeps.
 */
public final class BackfillBudget {

  /**
   * Entities backfilled per cycle by all the vCenters of one vscope together: about 40 s of a
   * 2-core machine's time per cycle (their cycles run at once, on the same cores).
   */
  public static final int SHARED = 12_000;

  private final long intervalSeconds;
  private volatile int entities = SHARED;

  BackfillBudget(long intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }

  /** This vCenter's share when one vscope collects {@code vcenters} of them. */
  void shareAmong(int vcenters) {
    set(Math.max(1, SHARED / Math.max(1, vcenters)));
  }

  void set(int entities) {
    this.entities = entities;
  }

  int entities() {
    return entities;
  }

  /** Whether a query asks for more than steady cycles do: two intervals and a sample. */
  boolean isBackfill(EntityQuery q) {
    long steady = Math.max(1, intervalSeconds / q.intervalId());
    return q.maxSample() > 2 * steady + 1;
  }

  /**
   * The steady queries, and the backfill ones up to the budget. A cycle that connects gets half:
   * it also logs in, reads the counter catalog and the whole inventory, and shows every entity's
   * newest sample before any backfill; with the whole budget, four vCenters' first cycles at once
   * took 61 s on two cores (docs/benchmarks.md), one vCenter's 53 s.
   */
  List<EntityQuery> thisCycle(List<EntityQuery> queries, boolean connecting) {
    int budget = connecting ? entities / 2 : entities;
    List<EntityQuery> kept = new ArrayList<>(queries.size());
    int backfills = 0;
    for (EntityQuery q : queries) {
      if (!isBackfill(q) || backfills++ < budget) {
        kept.add(q);
      }
    }
    return kept;
  }

  /** The same query, for the newest sample only. */
  static EntityQuery newestOnly(EntityQuery q) {
    return new EntityQuery(q.entityId(), q.ref(), q.kind(), q.cpus(), q.start(), q.intervalId(), 1, q.metricIds(), q.counters(),
        q.instanceNames());
  }
}
