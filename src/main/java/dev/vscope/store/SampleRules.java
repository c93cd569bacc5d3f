package dev.vscope.store;

import java.time.Instant;

/**
 * The rules every {@link HistoryStore} applies to the samples it is given and the points it
 * returns, so that the embedded store and a Prometheus-compatible engine agree.
 */
public final class SampleRules {

  /** The collector's resolution: vCenter's realtime interval. */
  public static final long STEP_SECONDS = 20;

  /**
   * Samples further ahead of the clock than this are ignored, with a warning: a vCenter with a
   * wrong clock would otherwise block a series until that time.
   */
  public static final long FUTURE_TOLERANCE_SECONDS = 3_600;

  private SampleRules() {}

  /**
   * The 20-s boundary a sample is filed under: the one at or before its time, the collector's own
   * rounding. vCenter's realtime timestamps are on boundaries already, the simulator's are not, and
   * consecutive samples 20 s apart always land in consecutive steps.
   */
  public static long slot(long epochSecond) {
    return Math.floorDiv(epochSecond, STEP_SECONDS) * STEP_SECONDS;
  }

  /** Whether a sample at this time is too far ahead of the clock to be accepted. */
  public static boolean tooFarAhead(long epochSecond, long now) {
    return epochSecond > now + FUTURE_TOLERANCE_SECONDS;
  }

  /**
   * The time of the first point of a read of {@code range} ending at {@code end}: the points are
   * {@code range.points()} steps apart, the last at the last step boundary at or before {@code end}
   * (boundaries are multiples of the step since the epoch, so days are UTC days).
   */
  public static long firstPoint(TimeRange range, Instant end) {
    long step = range.stepSeconds();
    return Math.floorDiv(end.getEpochSecond(), step) * step - (range.points() - 1) * step;
  }
}
