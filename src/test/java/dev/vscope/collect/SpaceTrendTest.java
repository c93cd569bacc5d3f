package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SpaceTrend} against cases worked out by hand. Used space is in GB here (the arithmetic
 * does not care about the unit), capacity 1,000, one point a day unless said otherwise.
 */
class SpaceTrendTest {

  static final long DAY = 86_400;
  static final long T0 = 1_700_000_000L / DAY * DAY;
  static final long CAPACITY = 1_000;

  /** Points at the given days with the given used values; NaN is a gap. */
  static List<Sample> points(double[] days, double[] used) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < days.length; i++) {
      out.add(new Sample(T0 + Math.round(days[i] * DAY), used[i]));
    }
    return out;
  }

  /** One point a day from day 0, with these used values. */
  static List<Sample> daily(double... used) {
    double[] days = new double[used.length];
    for (int i = 0; i < used.length; i++) {
      days[i] = i;
    }
    return points(days, used);
  }

  @Test
  void risingLineGivesFreeSpaceOverGrowth() {
    // 100 → 200 GB over ten days: 10 GB a day; 500 GB free last 50 days
    SpaceOutlook o = SpaceTrend.outlook(daily(100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200), CAPACITY, 500);
    assertThat(o.reason()).isNull();
    assertThat(o.growthBytesPerDay()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(o.daysUntilFull()).isEqualTo(50.0);
  }

  @Test
  void scatteredPointsAreFittedByLeastSquares() {
    // days 0, 2, 7 at 0, 4, 7 GB: mean day 3, mean used 11/3;
    // Σ(t−t̄)(u−ū) = (−3)(−11/3) + (−1)(1/3) + 4(10/3) = 24, Σ(t−t̄)² = 9 + 1 + 16 = 26:
    // 12/13 GB a day, so 12 GB free last 13 days
    SpaceOutlook o = SpaceTrend.outlook(points(new double[] {0, 2, 7}, new double[] {0, 4, 7}), CAPACITY, 12);
    assertThat(o.growthBytesPerDay()).isCloseTo(12.0 / 13, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(o.daysUntilFull()).isEqualTo(13.0);
  }

  @Test
  void gapsAreLeftOut() {
    // the same three points with unknown days between them give the same line
    double nan = Double.NaN;
    SpaceOutlook o = SpaceTrend.outlook(daily(0, nan, 4, nan, nan, nan, nan, 7, nan), CAPACITY, 12);
    assertThat(o.daysUntilFull()).isEqualTo(13.0);
  }

  @Test
  void flatAndFallingHaveNoNumber() {
    assertThat(SpaceTrend.outlook(daily(300, 300, 300, 300, 300, 300, 300, 300), CAPACITY, 700))
        .isEqualTo(new SpaceOutlook(null, null, SpaceOutlook.Reason.FLAT));
    // 0.05 GB a day on 1,000 GB is below 0.01 % of the capacity a day: flat too
    assertThat(SpaceTrend.outlook(daily(300, 300.05, 300.1, 300.15, 300.2, 300.25, 300.3, 300.35), CAPACITY, 700).reason())
        .isEqualTo(SpaceOutlook.Reason.FLAT);
    // 5 GB a day down, each step under the 50 GB of a cleanup
    assertThat(SpaceTrend.outlook(daily(300, 295, 290, 285, 280, 275, 270, 265), CAPACITY, 735))
        .isEqualTo(new SpaceOutlook(null, null, SpaceOutlook.Reason.FALLING));
  }

  @Test
  void lessThanAWeekIsTooShort() {
    // days 0..6 span six days
    assertThat(SpaceTrend.outlook(daily(100, 110, 120, 130, 140, 150, 160), CAPACITY, 840).reason())
        .isEqualTo(SpaceOutlook.Reason.SHORT_HISTORY);
    assertThat(SpaceTrend.outlook(List.of(), CAPACITY, 840).reason()).isEqualTo(SpaceOutlook.Reason.SHORT_HISTORY);
    // a week exactly is enough: days 0..7
    assertThat(SpaceTrend.outlook(daily(100, 110, 120, 130, 140, 150, 160, 170), CAPACITY, 830).daysUntilFull()).isEqualTo(83.0);
  }

  @Test
  void aCleanupStartsTheFitAgain() {
    // 10 GB a day for ten days up to 200, a cleanup to 50 on day 11 (150 GB, more than 5 % of
    // 1,000), then 5 GB a day for nine days up to 95: the fit is the 5 GB a day since the cleanup,
    // and the 905 GB free last 181 days (over all points, the line would be falling)
    SpaceOutlook o = SpaceTrend.outlook(
        daily(100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95), CAPACITY, 905);
    assertThat(o.growthBytesPerDay()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(o.daysUntilFull()).isEqualTo(181.0);
    // with only five days since the cleanup, no number: why is the cleanup
    assertThat(SpaceTrend.outlook(daily(100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 50, 55, 60, 65, 70, 75), CAPACITY, 925).reason())
        .isEqualTo(SpaceOutlook.Reason.RECENT_DROP);
    // a fall of 40 GB (4 %) is not a cleanup: the whole line is fitted
    assertThat(SpaceTrend.outlook(daily(100, 110, 120, 130, 90, 100, 110, 120, 130), CAPACITY, 870).reason()).isNull();
  }

  @Test
  void theFreeSpaceNowIsWhatLasts() {
    SpaceOutlook o = SpaceTrend.outlook(daily(100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200), CAPACITY, 500);
    assertThat(o.withFree(250).daysUntilFull()).isEqualTo(25.0);
    assertThat(o.withFree(0).daysUntilFull()).isEqualTo(0.0);
    assertThat(SpaceTrend.outlook(daily(1, 2), 0, 0).reason()).isEqualTo(SpaceOutlook.Reason.NO_CAPACITY);
  }
}
