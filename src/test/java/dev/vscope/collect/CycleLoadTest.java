package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CycleLoadTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void asConfiguredUntilMemoryRunsShort() {
    CycleLoad load = new CycleLoad();
    assertThat(load.level()).isZero();
    assertThat(load.limits(4)).isEqualTo(new PerfCollector.Limits(PerfCollector.MAX_ENTITIES, 1, 4));
    assertThat(load.backfill(MINUTE)).isEqualTo(Duration.ofHours(1));
    load.succeeded();
    assertThat(load.level()).isZero();
  }

  @Test
  void eachOutOfMemoryErrorHalvesWhatACycleAsksAtOnceDownToAFloor() {
    CycleLoad load = new CycleLoad();
    load.outOfMemory();
    assertThat(load.limits(4)).isEqualTo(new PerfCollector.Limits(25, 2, 2));
    assertThat(load.limits(4).maxMetrics(256)).isEqualTo(128);
    assertThat(load.backfill(MINUTE)).isEqualTo(Duration.ofMinutes(30));
    load.outOfMemory();
    assertThat(load.limits(4)).isEqualTo(new PerfCollector.Limits(12, 4, 1));
    assertThat(load.backfill(MINUTE)).isEqualTo(Duration.ofMinutes(15));
    for (int i = 0; i < 10; i++) {
      load.outOfMemory();
    }
    assertThat(load.level()).isEqualTo(CycleLoad.MAX_LEVEL);
    assertThat(load.limits(4)).isEqualTo(new PerfCollector.Limits(3, 16, 1));
    assertThat(load.backfill(MINUTE)).isEqualTo(Duration.ofSeconds(225));
    // never shorter than two intervals (steady cycles leave no gap), never longer than the hour
    assertThat(load.backfill(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(10));
    assertThat(load.backfill(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(20));
    assertThat(load.backfill(Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void recoversOneStepAfterEnoughSuccessesInARow() {
    CycleLoad load = new CycleLoad();
    load.outOfMemory();
    load.outOfMemory();
    for (int i = 1; i < CycleLoad.RECOVER_AFTER; i++) {
      load.succeeded();
    }
    assertThat(load.level()).isEqualTo(2);
    load.succeeded();
    assertThat(load.level()).isEqualTo(1);

    // a shortage again on the way back restarts the count
    for (int i = 1; i < CycleLoad.RECOVER_AFTER; i++) {
      load.succeeded();
    }
    load.outOfMemory();
    assertThat(load.level()).isEqualTo(2);
    for (int i = 0; i < 2 * CycleLoad.RECOVER_AFTER; i++) {
      load.succeeded();
    }
    assertThat(load.level()).isZero();
  }
}
