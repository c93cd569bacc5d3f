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

  /** The part of the budget a cycle that connects takes (see {@link #thisCycle}). */
  static final int CONNECTING_SHARE = 4;

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
   * The steady queries, and the backfill ones up to the budget. A cycle that connects gets a
   * quarter: it also logs in, reads the counter catalog and the whole inventory, and reads every
   * entity's newest sample before any backfill, about 36 s of the interval for four vCenters of
   * 10,000 VMs on two cores, where the whole budget is about 40 s of work (docs/benchmarks.md: with
   * the whole budget the four first cycles took 61 s, with half 62 s once the health checks' and
   * snapshots' properties were read too).
   */
  List<EntityQuery> thisCycle(List<EntityQuery> queries, boolean connecting) {
    int budget = connecting ? entities / CONNECTING_SHARE : entities;
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
