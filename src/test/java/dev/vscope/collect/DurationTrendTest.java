package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DurationTrendTest {

  @Test
  void keepsTheLastThirtyOldestFirst() {
    DurationTrend trend = new DurationTrend();
    assertThat(trend.recent()).isEmpty();
    LongStream.rangeClosed(1, 40).forEach(trend::add);
    assertThat(trend.recent()).containsExactly(LongStream.rangeClosed(11, 40).boxed().toArray(Long[]::new));
  }
}
