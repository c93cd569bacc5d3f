package dev.vscope.collect;

import dev.vscope.store.Sample;
import java.util.List;

/**
 * When a datastore fills up at the pace of its last 30 days (issue 12): the least-squares line
 * through its used space over time, and the current free space divided by that line's growth per
 * day. Pure arithmetic, so that it can be checked against cases worked out by hand.
 *
 * <p>Used space (capacity − free, in bytes) is fitted rather than the used percentage, so that a
 * datastore that was grown keeps its trend. A cleanup (used space falling by more than
 * {@link #DROP_FRACTION} of the capacity from one point to the next) starts the fit again after
 * it: the growth before a cleanup says little about the growth after it. Where the points since
 * then span less than {@link #MIN_SPAN_SECONDS}, or the line does not rise by at least
 * {@link #FLAT_FRACTION_PER_DAY} of the capacity per day, there is no number and the outlook says
 * why.
 */
public final class SpaceTrend {

  /** A week of history at least: fewer days give a line that any batch of copies can steer. */
  static final long MIN_SPAN_SECONDS = 7 * 86_400L;

  /** A fall of 5 % of the capacity between two points is a cleanup, not noise. */
  static final double DROP_FRACTION = 0.05;

  /** Growth below 0.01 % of the capacity per day (27 years to fill an empty datastore) is flat. */
  static final double FLAT_FRACTION_PER_DAY = 0.0001;

  private static final double DAY = 86_400.0;

  private SpaceTrend() {}

  /**
   * @param used used bytes over time, in time order; NaN values are gaps and left out
   * @param capacityBytes the datastore's capacity now
   * @param freeBytes its free space now, which the growth is set against
   */
  public static SpaceOutlook outlook(List<Sample> used, long capacityBytes, long freeBytes) {
    if (capacityBytes <= 0) {
      return SpaceOutlook.none(SpaceOutlook.Reason.NO_CAPACITY);
    }
    List<Sample> known = used.stream().filter(s -> !Double.isNaN(s.value())).toList();
    int from = 0;
    for (int i = 1; i < known.size(); i++) {
      if (known.get(i - 1).value() - known.get(i).value() > DROP_FRACTION * capacityBytes) {
        from = i;
      }
    }
    List<Sample> fitted = known.subList(from, known.size());
    if (fitted.size() < 2 || fitted.get(fitted.size() - 1).epochSecond() - fitted.get(0).epochSecond() < MIN_SPAN_SECONDS) {
      return SpaceOutlook.none(from > 0 ? SpaceOutlook.Reason.RECENT_DROP : SpaceOutlook.Reason.SHORT_HISTORY);
    }
    double perDay = slopePerSecond(fitted) * DAY;
    if (Math.abs(perDay) < FLAT_FRACTION_PER_DAY * capacityBytes) {
      return SpaceOutlook.none(SpaceOutlook.Reason.FLAT);
    }
    if (perDay < 0) {
      return SpaceOutlook.none(SpaceOutlook.Reason.FALLING);
    }
    return SpaceOutlook.growing(perDay, freeBytes);
  }

  /** The least-squares slope of value over time; times are taken relative to the first, for precision. */
  static double slopePerSecond(List<Sample> points) {
    long t0 = points.get(0).epochSecond();
    double meanT = 0;
    double meanV = 0;
    for (Sample s : points) {
      meanT += s.epochSecond() - t0;
      meanV += s.value();
    }
    meanT /= points.size();
    meanV /= points.size();
    double covariance = 0;
    double variance = 0;
    for (Sample s : points) {
      double dt = s.epochSecond() - t0 - meanT;
      covariance += dt * (s.value() - meanV);
      variance += dt * dt;
    }
    return covariance / variance;
  }
}
