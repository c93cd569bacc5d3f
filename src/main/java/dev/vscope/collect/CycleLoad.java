package dev.vscope.collect;

import java.time.Duration;

/**
 * How much one vCenter's cycle asks for at once, lowered after an {@link OutOfMemoryError} so that
 * a memory shortage slows collection down instead of stopping it (issue 11: 20,500 VMs in a 512 MB
 * heap).
 *
 * <p>The rule: at level 0 a cycle runs as configured. Each cycle that ends in an OutOfMemoryError
 * goes one level down (at most {@value #MAX_LEVEL}); each level halves the entities and metrics per
 * QueryPerf, the queries in flight and the backfill window, since the samples of the queries in
 * flight are what a cycle holds in memory. After {@value #RECOVER_AFTER} successful cycles in a
 * row at a lowered level, it goes one level back up, so it recovers in steps and falls back one
 * step if the shortage is still there. Other failures (vCenter down, a full disk) neither lower
 * nor restore it.
 *
 * <p>Not thread-safe: used by the one cycle of a vCenter that runs at a time.
 */
final class CycleLoad {

  static final int MAX_LEVEL = 4;
  static final int RECOVER_AFTER = 3;

  private int level;
  private int successes;

  /** A cycle ran out of memory: ask for less. */
  void outOfMemory() {
    level = Math.min(MAX_LEVEL, level + 1);
    successes = 0;
  }

  /** A cycle succeeded: after enough of them in a row, ask for more again. */
  void succeeded() {
    if (level == 0) {
      return;
    }
    if (++successes >= RECOVER_AFTER) {
      level--;
      successes = 0;
    }
  }

  /** 0 as configured, up to {@link #MAX_LEVEL}: each step halves what a cycle asks at once. */
  int level() {
    return level;
  }

  /** What a cycle at this level asks vCenter at once, from what it would ask at level 0. */
  PerfCollector.Limits limits(int concurrency) {
    return new PerfCollector.Limits(Math.max(1, PerfCollector.MAX_ENTITIES >> level), 1 << level, Math.max(1, concurrency >> level));
  }

  /**
   * The longest backfill: the hour ESXi keeps at level 0, halved per level, but never shorter than
   * two intervals, so that steady cycles (and a late one) still leave no gap.
   */
  Duration backfill(Duration interval) {
    Duration full = Duration.ofSeconds((long) PerfPlanner.REALTIME_SAMPLES * PerfDecoder.REALTIME_SECONDS);
    Duration shortened = full.dividedBy(1L << level);
    Duration floor = interval.multipliedBy(2);
    return shortened.compareTo(floor) < 0 ? (floor.compareTo(full) < 0 ? floor : full) : shortened;
  }
}
