package dev.vscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardsTest {

  @Test
  void everyRowIsWholePages() {
    for (int shard = 0; shard < 10; shard++) {
      assertThat(Shards.capacity(shard) * 8 % 4096).isZero();
    }
  }

  @Test
  void everySlotIsInExactlyOneShardAndShardsFollowEachOther() {
    assertThat(Shards.capacity(0)).isEqualTo(512);
    assertThat(Shards.capacity(1)).isEqualTo(2_048);
    assertThat(Shards.capacity(2)).isEqualTo(Shards.MAX);
    assertThat(Shards.capacity(100)).isEqualTo(Shards.MAX);
    int expectedShard = 0;
    int expectedIndex = 0;
    for (int slot = 0; slot < 100_000; slot++) {
      if (expectedIndex == Shards.capacity(expectedShard)) {
        expectedShard++;
        expectedIndex = 0;
      }
      assertThat(Shards.of(slot)).as("slot %d", slot).isEqualTo(expectedShard);
      assertThat(Shards.index(slot)).as("slot %d", slot).isEqualTo(expectedIndex);
      assertThat(Shards.start(expectedShard) + expectedIndex).isEqualTo(slot);
      expectedIndex++;
    }
  }
}
