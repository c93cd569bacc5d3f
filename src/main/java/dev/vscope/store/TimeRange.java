package dev.vscope.store;

import java.util.Locale;

/**
 * The ranges that the dashboard's graphs show, each with the resolution it is kept at: vCenter's
 * own statistics intervals (5 min for a day, 30 min for a week, 2 h for a month, 1 day for a
 * year), plus the realtime 20 s samples for the last hour.
 */
public enum TimeRange {
  HOUR(20, 180),
  DAY(300, 288),
  WEEK(1_800, 336),
  MONTH(7_200, 360),
  YEAR(86_400, 365);

  private final int stepSeconds;
  private final int points;

  TimeRange(int stepSeconds, int points) {
    this.stepSeconds = stepSeconds;
    this.points = points;
  }

  public int stepSeconds() {
    return stepSeconds;
  }

  /** Number of points a read of this range returns. */
  public int points() {
    return points;
  }

  public long seconds() {
    return (long) stepSeconds * points;
  }

  /** Parses {@code hour|day|week|month|year}, case-insensitively; null when it is none of them. */
  public static TimeRange parse(String name) {
    if (name == null) {
      return null;
    }
    for (TimeRange r : values()) {
      if (r.name().equalsIgnoreCase(name.trim())) {
        return r;
      }
    }
    return null;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
