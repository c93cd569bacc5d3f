package dev.vscope.store.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Which rollup windows are in their partition files and can be read from there, per tier.
 *
 * <p>A window of a rollup tier is <em>materialized</em> when its end is at or before the tier's
 * published watermark and it is neither dirty nor being computed. A raw sample written into a
 * window at or before the <em>advancing</em> watermark (a late sample: the collector's backfill, or
 * vCenter answering late) makes that window and the windows above it dirty, so they are computed
 * again; until then a read computes them from the tier below. The maintenance raises the advancing
 * watermark before it reads the tier below and the published one after it wrote: a writer that
 * writes its sample before it looks at the advancing watermark, and a maintenance that raises it
 * before it reads, cannot both miss each other, so no late sample is left out of a rollup.
 *
 * <p>Thread-safe.
 */
final class Watermarks {

  private final long[] advancing = new long[Tier.values().length];
  private final long[] published = new long[Tier.values().length];
  private final List<NavigableSet<Long>> dirty = new ArrayList<>();
  private final List<NavigableSet<Long>> computing = new ArrayList<>();

  Watermarks(long initial) {
    for (Tier t : Tier.values()) {
      dirty.add(new ConcurrentSkipListSet<>());
      computing.add(new ConcurrentSkipListSet<>());
      long w = Math.floorDiv(initial, t.step()) * t.step();
      advancing[t.ordinal()] = w;
      published[t.ordinal()] = w;
    }
  }

  /** After a raw sample was written at {@code slot}: marks the rollup windows holding it dirty where materialized. */
  void written(long slot) {
    for (Tier t = Tier.FIVE_MINUTES; t != null; t = t.above()) {
      long end = t.windowEnd(slot);
      if (end <= advancing(t)) {
        dirty.get(t.ordinal()).add(end);
      } else {
        return; // the tiers above end later still
      }
    }
  }

  boolean materialized(Tier t, long end) {
    return !t.isRaw()
        && end <= published(t)
        && !dirty.get(t.ordinal()).contains(end)
        && !computing.get(t.ordinal()).contains(end);
  }

  synchronized long advancing(Tier t) {
    return advancing[t.ordinal()];
  }

  synchronized long published(Tier t) {
    return published[t.ordinal()];
  }

  synchronized void advance(Tier t, long to) {
    advancing[t.ordinal()] = Math.max(advancing[t.ordinal()], to);
  }

  synchronized void publish(Tier t) {
    published[t.ordinal()] = advancing[t.ordinal()];
  }

  /** Sets both watermarks, when the state is read back at opening. */
  synchronized void restore(Tier t, long watermark) {
    advancing[t.ordinal()] = watermark;
    published[t.ordinal()] = watermark;
  }

  /** Takes a dirty window for computing: readers compute it themselves until {@link #computed}. */
  void computing(Tier t, long end) {
    computing.get(t.ordinal()).add(end);
    dirty.get(t.ordinal()).remove(end);
  }

  void computed(Tier t, long end) {
    computing.get(t.ordinal()).remove(end);
  }

  void markDirty(Tier t, long end) {
    dirty.get(t.ordinal()).add(end);
  }

  NavigableSet<Long> dirty(Tier t) {
    return dirty.get(t.ordinal());
  }

  /** Whether nothing at or before {@code end} is dirty or being computed in this tier. */
  boolean cleanThrough(Tier t, long end) {
    Long d = dirty.get(t.ordinal()).isEmpty() ? null : dirty.get(t.ordinal()).first();
    Long c = computing.get(t.ordinal()).isEmpty() ? null : computing.get(t.ordinal()).first();
    return (d == null || d > end) && (c == null || c > end) && end <= published(t);
  }
}
