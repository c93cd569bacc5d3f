package dev.vscope.store;

import java.util.List;

/**
 * Points of one metric over a range: {@code step} seconds apart, each the average and the maximum
 * of the raw samples in its step; {@code NaN} where nothing is known.
 */
public record Series(String entityId, String metric, TimeRange range, int stepSeconds, List<Point> points) {

  public record Point(long epochSecond, double avg, double max) {}

  public Series {
    points = List.copyOf(points);
  }
}
