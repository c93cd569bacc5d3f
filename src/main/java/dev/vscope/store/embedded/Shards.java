package dev.vscope.store.embedded;

/**
 * How a family's slots are grouped into shards: 512 slots in the first, 2,048 in the second, then
 * {@value #MAX} in each.
 *
 * <p>Every row of every shard is a whole number of 4 KiB pages (512 raw cells), so that the pages a
 * collection cycle writes are its own: a page shared with the rows of the next cycle would be
 * written out once per cycle, and the kernel counts and writes a whole (large) folio for it. The
 * first shards are smaller so that a family of a few series (a small installation, a host's
 * per-NIC series) takes a page per row rather than sixteen.
 */
final class Shards {

  /** Slots of every shard from the fifth on: a raw row of 64 KiB. */
  static final int MAX = 8_192;

  private static final int FIRST = 512;
  private static final int GROWING = 2; // shards 0 and 1 grow by 4×
  private static final int GROWN_START = FIRST * (1 + 4); // 2,560

  private Shards() {}

  static int capacity(int shard) {
    return shard < GROWING ? FIRST << (2 * shard) : MAX;
  }

  /** The first slot of a shard. */
  static int start(int shard) {
    if (shard < GROWING) {
      return FIRST * (((1 << (2 * shard)) - 1) / 3);
    }
    return GROWN_START + (shard - GROWING) * MAX;
  }

  /** The shard holding a slot. */
  static int of(int slot) {
    if (slot >= GROWN_START) {
      return GROWING + (slot - GROWN_START) / MAX;
    }
    int shard = 0;
    while (slot >= start(shard + 1)) {
      shard++;
    }
    return shard;
  }

  /** A slot's place in its shard. */
  static int index(int slot) {
    return slot - start(of(slot));
  }
}
