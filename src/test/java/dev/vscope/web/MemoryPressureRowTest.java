package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.collect.Inventory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the memory pressure figures of a row come from: the counters first, the quickStats where they have no value. */
class MemoryPressureRowTest {

  static final Inventory.MemoryPressure QUICK_STATS = new Inventory.MemoryPressure(512L << 20, 0L, 3072L);

  @Test
  void theCountersWinWhereTheyHaveAValue() {
    Map<String, Double> latest = Map.of("mem.ballooned", 1024.0, "mem.swapped", 2048.0, "mem.compressed", 4096.0);
    assertThat(InventoryView.memory(latest::get, QUICK_STATS)).isEqualTo(new Rows.Memory(1024.0, 2048.0, 4096.0));
  }

  @Test
  void quickStatsStandInForMissingCounters() {
    Map<String, Double> latest = Map.of("mem.swapped", 2048.0);
    assertThat(InventoryView.memory(latest::get, QUICK_STATS)).isEqualTo(new Rows.Memory(512.0 * 1024 * 1024, 2048.0, 3072.0));
  }

  @Test
  void neitherIsUnknownNotZero() {
    assertThat(InventoryView.memory(Map.<String, Double>of()::get, Inventory.MemoryPressure.UNKNOWN)).isEqualTo(new Rows.Memory(null, null, null));
  }
}
