package dev.vscope.store.embedded;

import dev.vscope.store.embedded.PartitionFiles.Key;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background work, run once a minute by its thread (or called by tests with their
 * clock): writes the rollup windows that closed or were made dirty, deletes the partitions older than
 * their tier's retention, and saves the checkpoint.
 *
 * <p>A rollup window is written once it is {@link #GRACE_SECONDS} old, so that vCenter's late
 * realtime samples are usually in before it; one written too early is written again when a late
 * sample makes it dirty. A partition is deleted only once every window of the tier above that is
 * computed from it is written and clean. Not thread-safe: one thread runs it at a time.
 */
final class Maintenance {

  /** How long after its end a rollup window is computed. */
  static final long GRACE_SECONDS = 120;

  /** How often the checkpoint is saved. */
  static final long CHECKPOINT_SECONDS = 300;

  private static final Logger logger = LoggerFactory.getLogger(Maintenance.class);

  private final PartitionFiles files;
  private final SeriesRegistry registry;
  private final Watermarks watermarks;
  private final Rollups rollups;
  private final RawFloor rawFloor;
  private long lastCheckpoint = Long.MIN_VALUE;
  private long windowsWritten;

  /** The oldest raw time still kept: samples before it are refused (their partition is gone). */
  static final class RawFloor {
    private volatile long value;

    RawFloor(long value) {
      this.value = value;
    }

    long get() {
      return value;
    }

    void raise(long to) {
      value = Math.max(value, to);
    }
  }

  Maintenance(PartitionFiles files, SeriesRegistry registry, Watermarks watermarks, Rollups rollups, RawFloor rawFloor) {
    this.files = files;
    this.registry = registry;
    this.watermarks = watermarks;
    this.rollups = rollups;
    this.rawFloor = rawFloor;
  }

  /** Rollup windows written since opening. */
  long windowsWritten() {
    return windowsWritten;
  }

  /** One pass at clock time {@code now}. */
  void run(long now) throws IOException {
    for (Tier t = Tier.FIVE_MINUTES; t != null; t = t.above()) {
      rollUp(t, now);
    }
    for (Tier t : Tier.values()) {
      expire(t, now);
    }
    if (now - lastCheckpoint >= CHECKPOINT_SECONDS) {
      checkpoint(now, false);
    }
  }

  void checkpoint(long now, boolean clean) throws IOException {
    StoreState.write(files.root().getParent(), registry, watermarks, rawFloor.get(), now, clean);
    lastCheckpoint = now;
  }

  private void rollUp(Tier tier, long now) throws IOException {
    long target = Math.floorDiv(now - GRACE_SECONDS, tier.step()) * tier.step();
    TreeSet<Long> windows = new TreeSet<>(watermarks.dirty(tier));
    for (long end = watermarks.advancing(tier) + tier.step(); end <= target; end += tier.step()) {
      windows.add(end);
    }
    watermarks.advance(tier, target);
    windows.forEach(end -> watermarks.computing(tier, end));
    try {
      Tier below = tier.below();
      for (SeriesRegistry.Family family : registry.families()) {
        for (int shard = 0; shard < family.shardCount(); shard++) {
          // after a long stop most windows have nothing below them: skip those without a file
          Set<Long> present = new HashSet<>(files.partitions(below, family.name, shard));
          int used = Math.min(Shards.capacity(shard), family.size() - Shards.start(shard));
          for (long end : windows) {
            if (present.contains(below.partition(end))) {
              write(tier, family.name, shard, used, end);
            }
          }
        }
      }
    } finally {
      windows.forEach(end -> watermarks.computed(tier, end));
    }
    Tier above = tier.above();
    if (above != null) {
      for (long end : windows) {
        if (above.windowEnd(end) <= watermarks.advancing(above)) {
          watermarks.markDirty(above, above.windowEnd(end));
        }
      }
    }
    watermarks.publish(tier);
  }

  /** Writes one window of a shard: the cells of its {@code used} slots, in each plane. */
  private void write(Tier tier, String family, int shard, int used, long end) throws IOException {
    ByteBuffer row = rollups.compute(tier, family, shard, end);
    if (row == null) {
      return; // nothing below to compute from: the window stays as it is (unknown, or imported)
    }
    Key key = new Key(tier, family, shard, tier.partition(end));
    PartitionFile target = isEmpty(row) ? files.forRead(key) : files.forWrite(key);
    if (target != null) {
      int slots = Shards.capacity(shard);
      for (int plane = 0; plane < tier.width(); plane++) {
        // the slots not used yet stay a hole (or as they are)
        target.write(tier.row(end), plane, 0, row.slice(plane * slots * 8, used * 8).order(ByteOrder.LITTLE_ENDIAN));
      }
      windowsWritten++;
    }
  }

  private static boolean isEmpty(ByteBuffer row) {
    for (int i = 0; i < row.limit(); i += 8) {
      if (row.getLong(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Deletes the partitions of a tier whose every window is older than its retention and rolled up. */
  private void expire(Tier tier, long now) throws IOException {
    Tier above = tier.above();
    for (SeriesRegistry.Family family : registry.families()) {
      for (int shard = 0; shard < family.shardCount(); shard++) {
        List<Long> partitions = files.partitions(tier, family.name, shard);
        for (long p : partitions) {
          long last = tier.lastEnd(p);
          if (last >= now - tier.keepSeconds()) {
            break;
          }
          if (above != null && !watermarks.cleanThrough(above, above.windowEnd(last))) {
            break;
          }
          if (tier.isRaw()) {
            rawFloor.raise(last + tier.step()); // first, so that no writer makes the file again
          }
          files.delete(new Key(tier, family.name, shard, p));
          logger.debug("Deleted {} partition {} of {}/{}", tier, p, family.name, shard);
        }
      }
    }
  }
}
