package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.Sample;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrittenSeriesTest {

  private static final SeriesKey CPU = new SeriesKey("demo:vm-42", "cpu.usage");

  @Test
  void stampsAtThe20SecondBoundaryAtOrBefore() {
    assertThat(WrittenSeries.stamp(1_700_000_000L)).isEqualTo(1_700_000_000L);
    assertThat(WrittenSeries.stamp(1_700_000_009L)).isEqualTo(1_700_000_000L);
    assertThat(WrittenSeries.stamp(1_700_000_019L)).as("as the embedded store: never rounded up").isEqualTo(1_700_000_000L);
    assertThat(WrittenSeries.stamp(1_700_000_020L)).isEqualTo(1_700_000_020L);
    assertThat(WrittenSeries.stamp(-11)).isEqualTo(-20);
  }

  @Test
  void keepsOnlyNewFiniteSamplesButCountsUnknownOnesAsWritten() {
    WrittenSeries written = new WrittenSeries();
    List<Sample> samples =
        Arrays.asList(
            new Sample(1_000, 1), null, new Sample(1_020, Double.NaN), new Sample(1_040, Double.POSITIVE_INFINITY));

    WrittenSeries.Filtered f = written.filter(CPU, samples, 10_000);

    assertThat(f.samples()).containsExactly(new WriteRecord.RemoteSample(1_000_000, 1));
    assertThat(f.last()).isEqualTo(1_040);
    assertThat(written.last(CPU)).as("nothing changes before advance").isEmpty();
    written.advance(CPU, f.last());
    assertThat(written.filter(CPU, List.of(new Sample(1_040, 5), new Sample(1_060, 6)), 10_000).samples())
        .containsExactly(new WriteRecord.RemoteSample(1_060_000, 6));
  }

  @Test
  void neverGoesBackAndForgetsOldSeries() {
    WrittenSeries written = new WrittenSeries();
    written.advance(CPU, 2_000);
    written.advance(CPU, 1_000);
    written.advance(new SeriesKey("demo:vm-42", "mem.usage"), 500);
    written.advance(new SeriesKey("demo:vm-43", "x"), 3_000);

    assertThat(written.last(CPU)).hasValue(2_000);
    assertThat(written.metricsOf("demo:vm-42")).containsExactly("cpu.usage", "mem.usage");
    written.forgetBefore(1_000);
    assertThat(written.metricsOf("demo:vm-42")).containsExactly("cpu.usage");
  }

  @Test
  void countsSamplesFromTheFuture() {
    WrittenSeries.Filtered f =
        new WrittenSeries().filter(CPU, List.of(new Sample(100, 1), new Sample(5_000, 2), new Sample(120, 3)), 1_000);
    assertThat(f.future()).isEqualTo(1);
    assertThat(f.samples()).extracting(WriteRecord.RemoteSample::timestampMs).containsExactly(100_000L, 120_000L);
  }
}
