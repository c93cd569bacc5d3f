package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How many days a datastore's free space lasts at the growth of its last 30 days
 * ({@link SpaceTrend}), or why there is no such number.
 *
 * @param daysUntilFull null when there is no number; then {@code reason} says why
 * @param growthBytesPerDay the fitted growth; null when there is no number
 * @param reason null when there is a number
 */
public record SpaceOutlook(Double daysUntilFull, Double growthBytesPerDay, Reason reason) {

  /** Why a datastore has no days-until-full; spelled in the API in snake case ({@code short_history}). */
  public enum Reason {
    /** Less than a week of space history. */
    SHORT_HISTORY,
    /** Used space fell by a cleanup, and less than a week of history has followed. */
    RECENT_DROP,
    /** Used space barely changes. */
    FLAT,
    /** Used space shrinks. */
    FALLING,
    /** The datastore reports no capacity (it is inaccessible). */
    NO_CAPACITY;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The days that {@code freeBytes} last at this growth, to a tenth of a day. */
  static SpaceOutlook growing(double growthBytesPerDay, long freeBytes) {
    double days = Math.max(0, freeBytes) / growthBytesPerDay;
    return new SpaceOutlook(Math.round(days * 10) / 10.0, growthBytesPerDay, null);
  }

  /** This outlook for the free space now: the growth is fitted once per 2-hour point, the free space changes each cycle. */
  SpaceOutlook withFree(long freeBytes) {
    return growthBytesPerDay == null ? this : growing(growthBytesPerDay, freeBytes);
  }

  static SpaceOutlook none(Reason reason) {
    return new SpaceOutlook(null, null, reason);
  }
}
