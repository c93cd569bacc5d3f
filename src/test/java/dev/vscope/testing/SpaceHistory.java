package dev.vscope.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.Sample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A month of space history for tests of days until full: a datastore whose used space grows on a
 * straight line, written into a {@link TestApp}'s real store sample by sample as the collector
 * would (every 20 s, the clock moving along an hour at a time, since the store refuses samples far
 * ahead of its clock), then vCenter's clock and the app's moved to the end of that month.
 */
public final class SpaceHistory {

  public static final long DAY = 86_400;
  private static final long TWO_HOURS = 7_200;

  private SpaceHistory() {}

  /**
   * Writes 30 days of {@code space.capacity} and {@code space.free} for one datastore, used space
   * growing from 5 % of the capacity by {@code growthPerDay} bytes a day, ending at a 2-hour
   * boundary; then sets vCenter's "now" and the clock an hour past that boundary (31 days after the
   * clock's time on entry, so that a month read starts after the first cycle's samples). The caller
   * runs the next cycle.
   */
  public static void growingMonth(TestApp app, MutableClock clock, String datastoreId, long capacity, double growthPerDay)
      throws IOException {
    long t0 = clock.instant().getEpochSecond();
    long end = Math.floorDiv(t0 + 31 * DAY, TWO_HOURS) * TWO_HOURS + 3_600;
    long lastPoint = end - 3_600;
    long from = lastPoint - 30 * DAY;
    double used0 = 0.05 * capacity;
    for (long hour = from; hour < lastPoint; hour += 3_600) {
      clock.set(Instant.ofEpochSecond(hour + 3_600));
      List<Sample> capacities = new ArrayList<>();
      List<Sample> frees = new ArrayList<>();
      for (long t = hour + 20; t <= hour + 3_600; t += 20) {
        capacities.add(new Sample(t, capacity));
        frees.add(new Sample(t, capacity - (used0 + growthPerDay * (t - from) / DAY)));
      }
      assertThat(app.store().writeAll(Map.of(datastoreId, Map.of("space.capacity", capacities, "space.free", frees)))).isEmpty();
    }
    clock.set(Instant.ofEpochSecond(end));
    app.simulator().control("{\"clockOffsetSeconds\": " + (end - Instant.now().getEpochSecond()) + "}");
  }
}
