package dev.vscope.store.embedded;

import dev.vscope.store.TimeRange;

/**
 * The resolutions the embedded store keeps, one per {@link TimeRange}: the raw 20-s samples and four
 * rollups, each window of a rollup computed from the windows of the tier below it.
 *
 * <p>A window is named by its end: the window ending at {@code T} holds what happened in {@code (T
 * - step, T]}, as rrd4j's rows did, so a read of any range returns the same points as before. The
 * windows of a tier are kept in partition files of {@link #rows} windows each; a partition is
 * deleted as a whole once all of it is older than the tier's retention. Every partition length is a
 * whole number of the next tier's windows, so a rollup window never spans two partitions of the
 * tier below.
 *
 * <p>Retention is the range the tier serves plus one partition (a partition is kept until its last
 * window has aged out), and the raw tier is kept for two hours, twice what vCenter keeps of its
 * realtime samples, so the collector's backfill after an outage of up to an hour always lands in a
 * raw partition that still exists.
 */
enum Tier {
  RAW(TimeRange.HOUR, 20, 0, 60, 7_200),
  FIVE_MINUTES(TimeRange.DAY, 300, 15, 72, 86_400),
  HALF_HOUR(TimeRange.WEEK, 1_800, 6, 48, 604_800),
  TWO_HOURS(TimeRange.MONTH, 7_200, 4, 60, 2_592_000),
  DAY(TimeRange.YEAR, 86_400, 12, 60, 31_536_000);

  private final TimeRange range;
  private final long step;
  private final int children;
  private final int rows;
  private final long keepSeconds;

  Tier(TimeRange range, long step, int children, int rows, long keepSeconds) {
    this.range = range;
    this.step = step;
    this.children = children;
    this.rows = rows;
    this.keepSeconds = keepSeconds;
  }

  static Tier of(TimeRange range) {
    for (Tier t : values()) {
      if (t.range == range) {
        return t;
      }
    }
    throw new IllegalArgumentException(range.toString());
  }

  long step() {
    return step;
  }

  /** Number of windows of the tier below in one window of this tier; 0 for the raw tier. */
  int children() {
    return children;
  }

  /** Windows per partition file. */
  int rows() {
    return rows;
  }

  long keepSeconds() {
    return keepSeconds;
  }

  /** Values per series and window: the raw value, or a rollup's average and maximum. */
  int width() {
    return this == RAW ? 1 : 2;
  }

  /** The tier this one is computed from; null for the raw tier. */
  Tier below() {
    return this == RAW ? null : values()[ordinal() - 1];
  }

  boolean isRaw() {
    return this == RAW;
  }

  /** The tier computed from this one; null for the last. */
  Tier above() {
    return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
  }

  /** The end of the window holding {@code epochSecond} (the smallest multiple of the step at or after it). */
  long windowEnd(long epochSecond) {
    return -Math.floorDiv(-epochSecond, step) * step;
  }

  /**
   * The partition holding the window ending at {@code end}. Partition {@code p} holds the windows
   * ending at {@code (p·rows + 1)·step} to {@code (p·rows + rows)·step}: counted from the window's
   * end, so that the children of a rollup window, which end at or before it, share its partition's
   * alignment.
   */
  long partition(long end) {
    return Math.floorDiv(Math.floorDiv(end, step) - 1, rows);
  }

  /** The row of the window ending at {@code end} in its partition. */
  int row(long end) {
    return (int) Math.floorMod(Math.floorDiv(end, step) - 1, (long) rows);
  }

  /** End of the first window of a partition. */
  long firstEnd(long partition) {
    return (partition * rows + 1) * step;
  }

  /** End of the last window of a partition. */
  long lastEnd(long partition) {
    return (partition * rows + rows) * step;
  }
}
