package dev.vscope.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.Sample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A month of space history for tests of days until full: datastores whose used space follows a
 * line the test chose, written into a {@link TestApp}'s real store sample by sample as the
 * collector would (every 20 s, the clock moving along an hour at a time, since the store refuses
 * samples far ahead of its clock), then vCenter's clock and the app's moved to the end of that
 * month.
 */
public final class SpaceHistory {

  public static final long DAY = 86_400;
  private static final long TWO_HOURS = 7_200;

  /**
   * One datastore's month: its capacity, and its used bytes as a function of the day into the
   * month (0 at the first point, 30 at the last).
   */
  public record Line(long capacity, DoubleUnaryOperator usedAtDay) {}

  private SpaceHistory() {}

  /*
   * The lines below end at the datastore's used space now (capacity − free, as the simulator
   * reports it), so that the cycle's own sample, at the end of the month, continues them.
   */

  /** Used space that does not move over the month: no trend ({@code flat}). */
  public static Line flat(long capacity, long free) {
    return new Line(capacity, day -> capacity - free);
  }

  /** Used space shrinking steadily by half the free space over the month ({@code falling}). */
  public static Line falling(long capacity, long free) {
    return new Line(capacity, day -> capacity - free + free / 2.0 * (30 - day) / 30);
  }

  /**
   * Used space growing by half the free space until three days ago, then back to where it is now:
   * a cleanup of more than 5 % of the capacity when the free space is over 10 % of it, followed by
   * less than the week of history a trend needs ({@code recent_drop}).
   */
  public static Line recentDrop(long capacity, long free) {
    return new Line(capacity, day -> capacity - free + (day < 27 ? free / 2.0 * day / 27 : 0));
  }

  /**
   * Writes 30 days of {@code space.capacity} and {@code space.free} for one datastore, used space
   * growing from 5 % of the capacity by {@code growthPerDay} bytes a day; see {@link #month}.
   */
  public static void growingMonth(TestApp app, MutableClock clock, String datastoreId, long capacity, double growthPerDay)
      throws IOException {
    month(app, clock, Map.of(datastoreId, new Line(capacity, day -> 0.05 * capacity + growthPerDay * day)));
  }

  /**
   * Writes 30 days of {@code space.capacity} and {@code space.free} for each datastore, its used
   * space following its line, ending at a 2-hour boundary; then sets vCenter's "now" and the clock
   * an hour past that boundary (31 days after the clock's time on entry, so that a month read
   * starts after the first cycle's samples). The datastores are written together, hour by hour:
   * one after the other, the second would be a month behind the store's clock. The caller runs the
   * next cycle.
   */
  public static void month(TestApp app, MutableClock clock, Map<String, Line> lines) throws IOException {
    long t0 = clock.instant().getEpochSecond();
    long end = Math.floorDiv(t0 + 31 * DAY, TWO_HOURS) * TWO_HOURS + 3_600;
    long lastPoint = end - 3_600;
    long from = lastPoint - 30 * DAY;
    for (long hour = from; hour < lastPoint; hour += 3_600) {
      clock.set(Instant.ofEpochSecond(hour + 3_600));
      Map<String, Map<String, List<Sample>>> batch = new HashMap<>();
      for (Map.Entry<String, Line> e : lines.entrySet()) {
        long capacity = e.getValue().capacity();
        List<Sample> capacities = new ArrayList<>();
        List<Sample> frees = new ArrayList<>();
        for (long t = hour + 20; t <= hour + 3_600; t += 20) {
          capacities.add(new Sample(t, capacity));
          frees.add(new Sample(t, capacity - e.getValue().usedAtDay().applyAsDouble((t - from) / (double) DAY)));
        }
        batch.put(e.getKey(), Map.of("space.capacity", capacities, "space.free", frees));
      }
      assertThat(app.store().writeAll(batch)).isEmpty();
    }
    clock.set(Instant.ofEpochSecond(end));
    app.simulator().control("{\"clockOffsetSeconds\": " + (end - Instant.now().getEpochSecond()) + "}");
  }
}
